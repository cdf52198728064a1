package io.cfkit.cfdeploy.cf;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import io.cfkit.cfdeploy.CfDeploy;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class CfLogsTest extends CfCommandTest {

    @Test
    void recentLogsComeFromLogCacheOldestFirst() throws Exception {
        cc.app("helloworld-service", "guid-hello", 1, "helloworld-service.apps.internal");
        // Not a documented body (log cache documents only a schematic one): two LOG envelopes in log cache's JSON
        // shape, newest first as descending=true returns them.
        cc.stub(get(urlPathEqualTo("/log-cache/api/v1/read/guid-hello")).willReturn(okJson("""
                {"envelopes":{"batch":[
                  {"timestamp":"1764470402000000000","source_id":"guid-hello","instance_id":"0",
                   "tags":{"source_type":"APP/PROC/WEB"},"log":{"payload":"%s","type":"OUT"}},
                  {"timestamp":"1764470401000000000","source_id":"guid-hello","instance_id":"0",
                   "tags":{"source_type":"APP/PROC/WEB"},"log":{"payload":"%s","type":"OUT"}}
                ]}}""".formatted(base64("second line\n"), base64("first line\n")))));

        CfDeployProcess.Result result = cfDeploy("logs", "helloworld-service", "--recent", "-n", "50");

        assertThat(result.exit()).as(result.err()).isZero();
        assertThat(result.out().lines()).containsExactly(
                "2025-11-30T02:40:01Z [APP/PROC/WEB/0] first line",
                "2025-11-30T02:40:02Z [APP/PROC/WEB/0] second line");
        assertThat(cc.calls()).containsExactly(ORG_CALL, SPACE_CALL, appByName("helloworld-service"),
                "GET /log-cache/api/v1/read/guid-hello?descending=true&envelope_types=LOG&limit=50");
    }

    @Test
    void followingLogsIsLeftToTheCfCli() throws Exception {
        CfDeployProcess.Result result = cfDeploy("logs", "helloworld-service");

        assertThat(result.exit()).isEqualTo(CfDeploy.USER_ERROR);
        assertThat(result.err().lines()).containsExactly("cf-deploy: with --target cf, cf-deploy logs prints recent"
                + " lines only: add --recent, or follow them with cf logs helloworld-service");
        assertThat(cc.calls()).isEmpty();
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
