package io.cfkit.gateway.traffic;

import static org.assertj.core.api.Assertions.assertThat;

import io.cfkit.gateway.traffic.Decision.Reason;
import io.cfkit.traffic.TrafficPolicy;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TrafficRouterTest {

    private final Map<String, Integer> up = new HashMap<>();
    private final TrafficRouter router = new TrafficRouter((service, version) -> up.getOrDefault(version, 0));

    @BeforeEach
    void bothVersionsUp() {
        up.put("blue", 2);
        up.put("green", 1);
    }

    private void policy(int weight) {
        router.apply(TrafficPolicy.fromProperties(Map.of(
                "traffic.routes.svc.stable", "blue",
                "traffic.routes.svc.canary", "green",
                "traffic.routes.svc.weight", Integer.toString(weight))));
    }

    private static RequestKeys request(Map<String, String> headers, Map<String, String> cookies) {
        return new RequestKeys() {
            @Override
            public String header(String name) {
                return headers.get(name);
            }

            @Override
            public String cookie(String name) {
                return cookies.get(name);
            }
        };
    }

    private static final RequestKeys PLAIN = request(Map.of(), Map.of());

    private String version(RequestKeys request) {
        return ((Decision.Routed) router.decide("svc", request)).version();
    }

    /** Applies another weight and then this one, so the route's rotation starts afresh. */
    private void freshRotation(int weight) {
        policy(weight == 0 ? 1 : weight - 1);
        policy(weight);
    }

    /**
     * The users among user-0 to user-499 whose sticky bucket is below 10, worked out apart from the Java code with the
     * Python 3 version of the hash in {@link StickyBucketTest}: {@code [i for i in range(500) if bucket(f"user-{i}") < 10]}.
     */
    private static final Set<Integer> BUCKET_UNDER_10 = Set.of(2, 22, 31, 47, 53, 56, 62, 82, 85, 97, 110, 113, 114,
            115, 120, 121, 131, 165, 171, 180, 186, 196, 197, 198, 200, 205, 213, 215, 227, 228, 237, 243, 260, 280, 287,
            304, 309, 314, 323, 324, 328, 343, 350, 360, 362, 367, 379, 407, 416, 421, 446, 461, 465, 466, 472, 479, 491,
            492);

    @Test
    void aServiceWithoutPolicyIsUnmanaged() {
        policy(10);
        assertThat(router.decide("other", PLAIN)).isEqualTo(Decision.UNMANAGED);
    }

    @Test
    void weightsAreExactAndNameTheVersionsClient() {
        policy(10);
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (int i = 0; i < 1000; i++) {
            counts.merge(version(PLAIN), 1, Integer::sum);
        }
        assertThat(counts).containsEntry("green", 100).containsEntry("blue", 900);
        // A thousand picks are ten whole rotations: the next one starts a rotation, which opens with the heavier.
        assertThat(router.decide("svc", PLAIN)).isEqualTo(new Decision.Routed("svc", "blue", "svc@blue",
                Reason.WEIGHTED));
    }

    @Test
    void pinsBeatWeightsByHeaderOrCookie() {
        policy(0);
        RequestKeys header = request(Map.of("X-Canary-Version", "green"), Map.of());
        RequestKeys cookie = request(Map.of(), Map.of("canary-version", "green"));
        for (int i = 0; i < 20; i++) {
            assertThat(router.decide("svc", header)).isEqualTo(new Decision.Routed("svc", "green", "svc@green",
                    Reason.PINNED));
            assertThat(version(cookie)).isEqualTo("green");
        }
        policy(100);
        RequestKeys blue = request(Map.of("X-Canary-Version", "blue"), Map.of("canary-version", "green"));
        for (int i = 0; i < 20; i++) {
            assertThat(version(blue)).as("the header wins over the cookie").isEqualTo("blue");
            assertThat(version(PLAIN)).isEqualTo("green");
        }
    }

    @Test
    void aPinNamingNeitherVersionIsIgnored() {
        policy(0);
        assertThat(router.decide("svc", request(Map.of("X-Canary-Version", "red"), Map.of())))
                .isEqualTo(new Decision.Routed("svc", "blue", "svc@blue", Reason.WEIGHTED));
    }

    @Test
    void aPinnedVersionWithoutInstanceIsNotSentElsewhere() {
        policy(50);
        up.put("green", 0);
        assertThat(router.decide("svc", request(Map.of("X-Canary-Version", "green"), Map.of())))
                .isEqualTo(new Decision.PinnedWithoutInstance("svc", "green"));
    }

    @Test
    void stickyUsersKeepTheirVersionAndCanaryUsersStayWhenTheWeightRises() {
        policy(10);
        Map<String, String> first = new HashMap<>();
        for (int user = 0; user < 500; user++) {
            RequestKeys keys = request(Map.of("X-User-Id", "user-" + user), Map.of());
            String version = version(keys);
            for (int i = 0; i < 5; i++) {
                assertThat(version(keys)).isEqualTo(version);
            }
            assertThat(version).as("user-%d", user).isEqualTo(BUCKET_UNDER_10.contains(user) ? "green" : "blue");
            first.put("user-" + user, version);
        }
        assertThat(first.values()).contains("green", "blue");

        policy(30);
        first.forEach((user, version) -> {
            if (version.equals("green")) {
                assertThat(version(request(Map.of("X-User-Id", user), Map.of()))).isEqualTo("green");
            }
        });
        // The session cookie works the same way.
        assertThat(version(request(Map.of(), Map.of("SESSION", "user-7"))))
                .isEqualTo(version(request(Map.of("X-User-Id", "user-7"), Map.of())));
    }

    @Test
    void aVersionWithoutInstanceGetsNothingAndTheOtherTakesItsShare() {
        policy(50);
        up.put("green", 0);
        for (int i = 0; i < 100; i++) {
            assertThat(version(PLAIN)).isEqualTo("blue");
        }
        assertThat(router.withoutInstances(router.policy().route("svc"))).containsExactly("green");

        up.put("green", 1);
        up.put("blue", 0);
        freshRotation(50);
        assertThat(router.decide("svc", PLAIN))
                .as("a fresh rotation picks blue first, which has no instance")
                .isEqualTo(new Decision.Routed("svc", "green", "svc@green", Reason.FALLBACK));
        for (int i = 0; i < 100; i++) {
            assertThat(version(PLAIN)).isEqualTo("green");
        }

        up.put("green", 0);
        freshRotation(50);
        assertThat(router.decide("svc", PLAIN))
                .as("no instance at all: the chosen version keeps the request, and its client answers 503")
                .isEqualTo(new Decision.Routed("svc", "blue", "svc@blue", Reason.WEIGHTED));
    }

    @Test
    void theRotationRestartsWhenTheWeightsChangeAndNotOtherwise() {
        policy(50);
        assertThat(version(PLAIN)).isEqualTo("blue");
        assertThat(version(PLAIN)).isEqualTo("green");
        assertThat(version(PLAIN)).isEqualTo("blue");
        policy(50);
        assertThat(version(PLAIN)).as("unchanged: the rotation goes on").isEqualTo("green");
        policy(40);
        policy(50);
        assertThat(version(PLAIN)).as("changed: a fresh rotation").isEqualTo("blue");
    }

    @Test
    void aStableOnlyPolicyNeverUsesOtherVersions() {
        router.apply(TrafficPolicy.fromProperties(Map.of("traffic.routes.svc.stable", "green")));
        for (int i = 0; i < 50; i++) {
            assertThat(version(request(Map.of("X-User-Id", "user-" + i), Map.of()))).isEqualTo("green");
        }
        assertThat(router.decide("svc", request(Map.of("X-Canary-Version", "blue"), Map.of())))
                .as("blue is not in the policy any more")
                .isEqualTo(new Decision.Routed("svc", "green", "svc@green", Reason.WEIGHTED));
    }
}
