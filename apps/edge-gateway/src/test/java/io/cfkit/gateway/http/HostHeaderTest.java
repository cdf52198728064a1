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
        "xn--caf-dma.example  | xn--caf-dma.example",
        "Example.COM          | Example.COM",
    })
    void readsTheHostWithoutItsPort(String value, String host) {
        assertThat(HostHeader.hostOf(value)).isEqualTo(host);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ":8080", "2001:db8::1", "example.com:80:80", "example.com:http", "example.com:123456",
        "exa mple.com", "example.com/path", "user@example.com", "[::1", "[]:80", "[::1]x", "[::g]", "café.example",
        "example.com\t", "my_host:81", "a%2Db", "a~b", "a;b=c"})
    void refusesWhatIsNotHostAndPort(String value) {
        assertThat(HostHeader.hostOf(value)).isNull();
    }
}
