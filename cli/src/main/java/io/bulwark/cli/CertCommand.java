package io.bulwark.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bulwark cert ...}: device certificates from the hub CA (issue from a CSR, list, revoke by serial number),
 * and {@code cert ca ...} for the CAs of certificateAuthority devices, all through the hub's REST API. Only
 * certificates and CSRs travel; private keys never leave the machine that made them.
 */
@Command(name = "cert", description = "Issue, list and revoke device certificates; register and manage CAs.",
        subcommands = CaCommand.class)
final class CertCommand {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    @Spec
    CommandSpec spec;

    /** Exactly one of the two, or neither for the hub's default validity. */
    static final class Validity {
        @Option(names = "--validity", paramLabel = "DAYS", description = "validity in days (default: the hub's, "
                + "30 days)")
        Integer days;

        @Option(names = "--validity-hours", paramLabel = "HOURS", description = "validity in hours")
        Integer hours;
    }

    @Command(name = "issue", description = "Have the hub CA sign a device certificate for the key in a CSR; prints "
            + "the PEM chain (device certificate, then the hub CA). The CN is always the device id.")
    int issue(@Option(names = "--csr", paramLabel = "FILE", required = true, description = "PEM PKCS#10 request")
              Path csr,
              @Option(names = "--device", paramLabel = "ID", required = true) String deviceId,
              @Option(names = "--module", paramLabel = "MID") String moduleId,
              @ArgGroup(exclusive = true) Validity validity,
              @Option(names = "--out", paramLabel = "FILE", description = "write the chain here instead of stdout")
              Path out,
              @Mixin HubOptions hub) {
        ObjectNode body = JSON.createObjectNode().put("csr", read(csr));
        if (validity != null && validity.days != null) {
            body.put("validityInDays", validity.days);
        } else if (validity != null && validity.hours != null) {
            body.put("validityInHours", validity.hours);
        }
        JsonNode issued = client(hub).post(certificatesPath(deviceId, moduleId), "application/json",
                HttpRequest.BodyPublishers.ofString(body.toString()), REQUEST_TIMEOUT).json();
        String chain = issued.path("certificateChain").asText();
        if (out == null) {
            out().print(chain);
            out().flush();
        } else {
            write(out, chain);
        }
        spec.commandLine().getErr().printf("issued certificate %s for %s, valid until %s%s%n",
                issued.path("serialNumber").asText(), issued.path("subject").asText(),
                issued.path("notAfter").asText(), out == null ? "" : ", chain written to " + out);
        return 0;
    }

    @Command(name = "list", description = "List the certificates the hub CA issued to a device: serial number, "
            + "validity, how it was issued, thumbprint.")
    int list(@Option(names = "--device", paramLabel = "ID", required = true) String deviceId,
             @Option(names = "--module", paramLabel = "MID") String moduleId,
             @Mixin HubOptions hub) {
        for (JsonNode issued : client(hub).get(certificatesPath(deviceId, moduleId)).json()) {
            out().printf("%s  %s .. %s  %s  %s%n", issued.path("serialNumber").asText(),
                    issued.path("notBefore").asText(), issued.path("notAfter").asText(),
                    issued.path("issuedBy").asText(), issued.path("thumbprint").asText());
        }
        return 0;
    }

    @Command(name = "revoke", description = "Revoke a certificate the hub CA issued to a device, by serial number: "
            + "refused from now on, live connections with it closed, listed in the hub CA's CRL.")
    int revoke(@Option(names = "--device", paramLabel = "ID", required = true) String deviceId,
               @Option(names = "--module", paramLabel = "MID") String moduleId,
               @Option(names = "--serial", paramLabel = "HEX", required = true) String serial,
               @Mixin HubOptions hub) {
        JsonNode revoked = client(hub).post(certificatesPath(deviceId, moduleId) + "/" + HubClient.segment(serial)
                + "/revoke", "application/json", HttpRequest.BodyPublishers.noBody(), REQUEST_TIMEOUT).json();
        out().printf("revoked certificate %s of %s (thumbprint %s)%n", revoked.path("serialNumber").asText(),
                revoked.path("subject").asText(), revoked.path("thumbprint").asText());
        return 0;
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new CliFailure("cannot read " + file + ": " + e.getClass().getSimpleName());
        }
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new CliFailure("cannot write " + file + ": " + e.getClass().getSimpleName());
        }
    }

    private static String certificatesPath(String deviceId, String moduleId) {
        return "/devices/" + HubClient.segment(deviceId)
                + (moduleId == null ? "" : "/modules/" + HubClient.segment(moduleId)) + "/certificates";
    }

    private HubClient client(HubOptions hub) {
        return hub.client(BulwarkCli.of(spec).env());
    }

    private PrintWriter out() {
        return spec.commandLine().getOut();
    }
}
