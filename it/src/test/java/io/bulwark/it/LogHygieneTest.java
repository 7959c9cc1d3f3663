package io.bulwark.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bulwark.hub.ServiceClient;
import io.bulwark.protocol.connection.ServiceConnectionString;
import io.bulwark.protocol.sas.SasToken;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * S-DATA-4: no key, token or signature appears in what the hub prints, nor in any error it answers, whatever a
 * client sends it.
 */
class LogHygieneTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path data;

    @Test
    void hubNeverPrintsOrAnswersASecret() throws Exception {
        List<String> secrets = new ArrayList<>();
        List<String> answers = new ArrayList<>();
        // The webhook route below points at 127.0.0.1, which the SSRF guard refuses unless the operator allows it.
        try (HubProcess hub = HubProcess.start(data,
                java.util.Map.of("BULWARK_WEBHOOK_ALLOW_PRIVATE_TARGETS", "127.0.0.1/32"))) {
            ServiceClient api = ServiceClient.forPolicy(hub.folder(), hub.httpsPort(), "iothubowner");
            ServiceConnectionString owner = ServiceClient.credentialsOf(hub.folder(), "iothubowner");
            secrets.add(owner.sharedAccessKey());

            HttpResponse<String> created = api.put("/devices/hygiene", "{}");
            JsonNode keys = JSON.readTree(created.body()).path("authentication").path("symmetricKey");
            secrets.add(keys.path("primaryKey").asText());
            secrets.add(keys.path("secondaryKey").asText());
            assertThat(secrets).allSatisfy(s -> assertThat(s).hasSizeGreaterThan(20));

            HttpClient raw = HttpClient.newBuilder()
                    .sslContext(io.bulwark.hub.tls.TrustedHubCa.clientContext(hub.folder().caCertificate())).build();
            String forged = SasToken.create(owner.hostName(), new byte[32], Instant.now().plusSeconds(600),
                    "iothubowner").format();
            String expired = SasToken.create(owner.hostName(), Base64.getDecoder().decode(owner.sharedAccessKey()),
                    Instant.now().minus(Duration.ofHours(2)), "iothubowner").format();
            String valid = api.token();
            secrets.add(signatureOf(forged));
            secrets.add(signatureOf(expired));
            secrets.add(signatureOf(valid));
            for (String token : List.of(forged, expired, "SharedAccessSignature garbage " + owner.sharedAccessKey(),
                    valid)) {
                for (String path : List.of("/devices/hygiene", "/devices/%00bad", "/audit?outcome=nope")) {
                    HttpRequest request = HttpRequest.newBuilder(
                                    URI.create("https://127.0.0.1:" + hub.httpsPort() + path))
                            .header("Authorization", token)
                            .header("Content-Type", "application/json")
                            .PUT(HttpRequest.BodyPublishers.ofString("{\"authentication\":{\"symmetricKey\":"
                                    + "{\"primaryKey\":\"" + keys.path("primaryKey").asText() + "\"}}, bad json"))
                            .build();
                    answers.add(raw.send(request, HttpResponse.BodyHandlers.ofString()).body());
                }
            }
            // A webhook route whose receiver is not there: its secret, shown once, and the one replacing it must
            // stay out of the log lines its failed deliveries write.
            HttpResponse<String> route = api.post("/routes/webhooks", "{\"name\":\"hygiene\",\"stream\":"
                    + "\"telemetry\",\"url\":\"https://127.0.0.1:1/hook\",\"maxAttempts\":1}");
            assertThat(route.statusCode()).as(route.body()).isEqualTo(201);
            secrets.add(JSON.readTree(route.body()).path("secret").asText());
            secrets.add(JSON.readTree(api.post("/routes/webhooks/hygiene/regenerateSecret", "").body())
                    .path("secret").asText());
            answers.add(api.get("/routes/webhooks/hygiene").body());
            answers.add(api.get("/routes/webhooks/hygiene/deadLetters").body());
            api.get("/audit?pageSize=1000").body().lines().forEach(answers::add);
            hub.stop();

            String output = hub.output();
            for (String secret : secrets) {
                assertThat(output).as("hub output").doesNotContain(secret);
                assertThat(answers).as("error answers and audit records").noneMatch(a -> a.contains(secret));
            }
        }
    }

    private static String signatureOf(String token) {
        return SasToken.parse(token).signature();
    }
}
