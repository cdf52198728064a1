package io.cfkit.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class HostHeaderTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "example.com          | example.com",
        "example.com:8443     | example.com",
        "example.com:         | example.com",
        "127.0.0.1:8080       | 127.0.0.1",
        "[::1]:8080           | [::1]",
        "[2001:db8::1]        | [2001:db8::1]",
        "my_host:81           | my_host",
        "xn--caf-dma.example  | xn--caf-dma.example",
        "a%2Db                | a%2Db",
    })
    void readsTheHostWithoutItsPort(String value, String host) {
        assertThat(HostHeader.hostOf(value)).isEqualTo(host);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ":8080", "2001:db8::1", "example.com:80:80", "example.com:http", "example.com:123456",
        "exa mple.com", "example.com/path", "user@example.com", "[::1", "[]:80", "[::1]x", "[::g]", "café.example",
        "example.com\t"})
    void refusesWhatIsNotHostAndPort(String value) {
        assertThat(HostHeader.hostOf(value)).isNull();
    }
}
