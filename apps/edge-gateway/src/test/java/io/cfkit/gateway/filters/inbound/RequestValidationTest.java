package io.cfkit.gateway.filters.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RequestValidationTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "/a/../b           | dot segment in path",
        "/a/..             | dot segment in path",
        "/a/./b            | dot segment in path",
        "/a/%2e%2e/b       | dot segment in path",
        "/a/%2E%2e/b       | dot segment in path",
        "/a/.%2e/b         | dot segment in path",
        "/a/..%2fb         | dot segment in path",
        "/a/%252e%252e/b   | dot segment in path",
        "/a/%25252e%25252e | dot segment in path",
        "/a/..%5cb         | backslash in path",
        "/a\\b             | backslash in path",
        "/a%00b            | control character in path",
        "/a%0ab            | control character in path",
        "/a%7fb            | control character in path",
        "/a/%c0%ae%c0%ae/b | invalid UTF-8 in path",
        "/a%zz             | malformed percent-encoding in path",
        "/a%2              | malformed percent-encoding in path",
        "a/b               | path must start with '/'",
    })
    void refuses(String path, String problem) {
        assertThat(RequestValidation.pathProblem(path)).isEqualTo(problem);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "/a/b", "/a/..b/c..", "/a/.well-known", "/100%25", "/a%2fb", "/a+b", "/caf%C3%A9",
        "/a/%25zz"})
    void accepts(String path) {
        assertThat(RequestValidation.pathProblem(path)).isNull();
    }
}
