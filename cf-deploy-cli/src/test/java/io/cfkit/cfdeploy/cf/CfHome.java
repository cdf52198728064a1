package io.cfkit.cfdeploy.cf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A cf CLI home as {@code cf login} and {@code cf target} leave it: {@code .cf/config.json}. */
final class CfHome {

    private CfHome() {
    }

    static Path loggedIn(Path home, String api, String uaa, String accessToken, String refreshToken, String org,
            String space) throws IOException {
        Path cf = Files.createDirectories(home.resolve(".cf"));
        Files.writeString(cf.resolve("config.json"), """
                {
                  "ConfigVersion": 4,
                  "Target": "%s",
                  "APIVersion": "3.90.0",
                  "AuthorizationEndpoint": "%s",
                  "UaaEndpoint": "%s",
                  "AccessToken": "bearer %s",
                  "RefreshToken": "%s",
                  "UAAOAuthClient": "cf",
                  "UAAOAuthClientSecret": "",
                  "SSLDisabled": false,
                  "OrganizationFields": {"GUID": "", "Name": "%s"},
                  "SpaceFields": {"GUID": "", "Name": "%s", "AllowSSH": true}
                }
                """.formatted(api, uaa, uaa, accessToken, refreshToken, org, space));
        return home;
    }
}
