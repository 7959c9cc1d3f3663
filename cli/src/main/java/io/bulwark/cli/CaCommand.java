package io.bulwark.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code bulwark cert ca ...}: the CAs whose device certificates the hub accepts. A CA authenticates devices only
 * once verified by proof of possession ({@code add} prints the code to sign, {@code verify} uploads the proof).
 */
@Command(name = "ca", description = "Register, verify, list, revoke and delete the CAs of certificateAuthority "
        + "devices.")
final class CaCommand {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    @Spec
    CommandSpec spec;

    @Command(name = "add", description = "Upload a CA certificate (never its key); prints its verification code.")
    int add(@Parameters(paramLabel = "NAME") String name,
            @Option(names = "--file", paramLabel = "PEM", required = true) Path file,
            @Mixin HubOptions hub) {
        JsonNode ca = client(hub).put(caPath(name), JSON.createObjectNode().put("certificate",
                CertCommand.read(file)).toString(), null).json();
        out().printf("registered CA %s (%s), thumbprint %s, not verified yet%n", name, ca.path("subject").asText(),
                ca.path("thumbprint").asText());
        out().printf("verification code: %s%n", ca.path("verificationCode").asText());
        out().printf("sign a certificate with CN=%s with this CA, then: bulwark cert ca verify %s --file PROOF.pem%n",
                ca.path("verificationCode").asText(), name);
        return 0;
    }

    @Command(name = "verify", description = "Prove possession of the CA's key with a certificate whose CN is the "
            + "verification code, signed by the CA.")
    int verify(@Parameters(paramLabel = "NAME") String name,
               @Option(names = "--file", paramLabel = "PEM", required = true) Path proof,
               @Mixin HubOptions hub) {
        JsonNode ca = client(hub).post(caPath(name) + "/verify", "application/json",
                HttpRequest.BodyPublishers.ofString(JSON.createObjectNode()
                        .put("certificate", CertCommand.read(proof)).toString()), REQUEST_TIMEOUT).json();
        out().printf("verified CA %s at %s: its device certificates authenticate from now on%n", name,
                ca.path("verified").asText());
        return 0;
    }

    @Command(name = "list", description = "List the registered CAs: name, verified or not, expiry, subject, "
            + "thumbprint.")
    int list(@Mixin HubOptions hub) {
        for (JsonNode ca : client(hub).get("/certificates").json()) {
            out().printf("%s  %s  until %s  %s  %s%n", ca.path("name").asText(),
                    ca.path("isVerified").asBoolean() ? "verified" : "unverified", ca.path("notAfter").asText(),
                    ca.path("subject").asText(), ca.path("thumbprint").asText());
        }
        return 0;
    }

    @Command(name = "revoke", description = "Revoke a CA: it stays listed but authenticates nobody, even if "
            + "registered again; devices connected through it are disconnected.")
    int revoke(@Parameters(paramLabel = "NAME") String name, @Mixin HubOptions hub) {
        JsonNode revoked = client(hub).post(caPath(name) + "/revoke", "application/json",
                HttpRequest.BodyPublishers.noBody(), REQUEST_TIMEOUT).json();
        out().printf("revoked CA %s (thumbprint %s)%n", name, revoked.path("thumbprint").asText());
        return 0;
    }

    @Command(name = "delete", description = "Forget a CA (retired, not compromised: use revoke for that); devices "
            + "connected through it are disconnected.")
    int delete(@Parameters(paramLabel = "NAME") String name, @Mixin HubOptions hub) {
        client(hub).delete(caPath(name));
        out().printf("deleted CA %s%n", name);
        return 0;
    }

    private static String caPath(String name) {
        return "/certificates/" + HubClient.segment(name);
    }

    private HubClient client(HubOptions hub) {
        return hub.client(BulwarkCli.of(spec).env());
    }

    private PrintWriter out() {
        return spec.commandLine().getOut();
    }
}
