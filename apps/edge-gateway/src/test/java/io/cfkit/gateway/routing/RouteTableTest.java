package io.cfkit.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RouteTableTest {

    private static RouteTable table(Map<String, String> props) {
        return RouteTable.fromProperties(props);
    }

    @Test
    void seedRouteStripsThePrefix() {
        RouteTable routes = table(Map.of("zuul.routes.helloworld-service.path", "/hello/**"));

        assertThat(routes.match("/hello").backendPath()).isEqualTo("/");
        assertThat(routes.match("/hello/").backendPath()).isEqualTo("/");
        assertThat(routes.match("/hello/id").backendPath()).isEqualTo("/id");
        assertThat(routes.match("/hello/a/b/c").backendPath()).isEqualTo("/a/b/c");
        assertThat(routes.match("/hello/id").route().serviceId()).isEqualTo("helloworld-service");
    }

    @Test
    void prefixMatchesWholeSegmentsOnly() {
        RouteTable routes = table(Map.of("zuul.routes.hello.path", "/hello/**"));

        assertThat(routes.match("/helloworld")).isNull();
        assertThat(routes.match("/hell")).isNull();
        assertThat(routes.match("/")).isNull();
        assertThat(routes.match("/other/hello")).isNull();
    }

    @Test
    void longestMatchingPathWins() {
        RouteTable routes = table(Map.of(
                "zuul.routes.api.path", "/api/**",
                "zuul.routes.api-users.path", "/api/users/**",
                "zuul.routes.everything.path", "/**"));

        assertThat(routes.match("/api/users/7").route().name()).isEqualTo("api-users");
        assertThat(routes.match("/api/users/7").backendPath()).isEqualTo("/7");
        assertThat(routes.match("/api/orders").route().name()).isEqualTo("api");
        assertThat(routes.match("/api/orders").backendPath()).isEqualTo("/orders");
        assertThat(routes.match("/elsewhere/x").route().name()).isEqualTo("everything");
        assertThat(routes.match("/elsewhere/x").backendPath()).isEqualTo("/elsewhere/x");
    }

    @Test
    void serviceIdAndStripPrefixAreOptional() {
        RouteTable routes = table(Map.of(
                "zuul.routes.legacy.path", "/legacy/**",
                "zuul.routes.legacy.service-id", "old-service",
                "zuul.routes.legacy.strip-prefix", "false",
                "zuul.routes.camel.path", "/camel/**",
                "zuul.routes.camel.serviceId", "camel-service",
                "zuul.routes.camel.stripPrefix", "false"));

        RouteMatch legacy = routes.match("/legacy/x");
        assertThat(legacy.route().serviceId()).isEqualTo("old-service");
        assertThat(legacy.backendPath()).isEqualTo("/legacy/x");
        assertThat(routes.match("/camel").route().serviceId()).isEqualTo("camel-service");
        assertThat(routes.match("/camel").backendPath()).isEqualTo("/camel");
        assertThat(routes.serviceIds()).containsExactly("camel-service", "old-service");
    }

    @Test
    void exactPathWithoutWildcardMatchesOnlyItself() {
        RouteTable routes = table(Map.of("zuul.routes.status.path", "/status"));

        assertThat(routes.match("/status").backendPath()).isEqualTo("/");
        assertThat(routes.match("/status/").backendPath()).isEqualTo("/");
        assertThat(routes.match("/status/more")).isNull();
    }

    @Test
    void brokenRoutesAreReportedAndTheRestStillWork() {
        RouteTable routes = table(Map.of(
                "zuul.routes.good.path", "/good/**",
                "zuul.routes.nopath.service-id", "x",
                "zuul.routes.relative.path", "relative/**",
                "zuul.routes.inner.path", "/a/*/b",
                "zuul.routes.url.url", "http://example.org",
                "zuul.routes.dup.path", "/good/**",
                "zuul.ignored-services", "*"));

        assertThat(routes.routes()).extracting(Route::name).containsExactly("dup");
        assertThat(routes.problems()).hasSize(5);
        assertThat(routes.problems()).anySatisfy(p -> assertThat(p).contains("good").contains("already routed by dup"));
    }

    @Test
    void noRoutesMatchNothing() {
        assertThat(RouteTable.EMPTY.match("/hello")).isNull();
        assertThat(table(Map.of("message", "hi")).routes()).isEmpty();
    }

    @Test
    void routeRejectsPatternsOutsideTheVocabulary() {
        assertThatThrownBy(() -> Route.of("x", "/a/**/b", "s", true)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Route.of("x", "/a/{id}", "s", true)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Route.of("x", "/a/**", " ", true)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void ribbonDefaultsAreAddedUnlessConfigured() {
        Map<String, String> config = Map.of(
                "zuul.routes.helloworld-service.path", "/hello/**",
                "helloworld-service.ribbon.ReadTimeout", "5000",
                "helloworld-service.ribbon.MaxAutoRetriesNextServer", "2");

        Map<String, String> effective = RibbonDefaults.withDefaults(config, RouteTable.fromProperties(config));

        assertThat(effective)
                .containsEntry("helloworld-service.ribbon.NIWSServerListClassName", RibbonDefaults.SERVER_LIST_CLASS)
                .containsEntry("helloworld-service.ribbon.DeploymentContextBasedVipAddresses", "helloworld-service")
                .containsEntry("helloworld-service.ribbon.UseIPAddrForServer", "true")
                .containsEntry("helloworld-service.ribbon.ServerListUpdaterClassName",
                        RibbonDefaults.SERVER_LIST_UPDATER_CLASS)
                .containsEntry("helloworld-service.ribbon.ReadTimeout", "5000")
                .containsEntry("helloworld-service.ribbon.MaxAutoRetriesNextServer", "2");
    }
}
