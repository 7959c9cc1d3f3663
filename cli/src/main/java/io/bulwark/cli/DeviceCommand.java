package io.bulwark.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.bulwark.protocol.connection.DeviceConnectionString;
import io.bulwark.protocol.sas.SasToken;
import java.io.FileNotFoundException;
import java.io.PrintWriter;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code bulwark device ...}: the identity registry through the hub's REST API. Keys are shown only on request
 * ({@code show --show-keys}, {@code connection-string}, {@code export}).
 */
@Command(name = "device", description = "Create, inspect and manage devices in the hub's identity registry.")
final class DeviceCommand {

    @Spec
    CommandSpec spec;

    private final DeviceJson json = new DeviceJson();

    @Command(name = "create", description = "Register a device; the hub generates its keys.")
    int create(@Parameters(paramLabel = "ID") String id,
               @Option(names = "--gateway", description = "a gateway, which may act for child devices")
               boolean gateway,
               @Option(names = "--parent", paramLabel = "GATEWAY_ID", description = "make it a child of this gateway")
               String parent,
               @Option(names = "--tag", paramLabel = "NAME=VALUE", description = "a tag; repeatable")
               Map<String, String> tags,
               @Option(names = "--disabled", description = "create it disabled: it cannot connect until enabled")
               boolean disabled,
               @Option(names = "--reason", paramLabel = "TEXT", description = "why it is disabled (with --disabled)")
               String reason,
               @Option(names = "--auth", paramLabel = "sas|selfSigned|certificateAuthority", defaultValue = "sas",
                       description = "how it proves itself (default: ${DEFAULT-VALUE}; the hub then makes its keys)")
               String auth,
               @Option(names = "--thumbprint", paramLabel = "SHA256",
                       description = "selfSigned: the SHA-256 thumbprint of its certificate") String thumbprint,
               @Option(names = "--secondary-thumbprint", paramLabel = "SHA256",
                       description = "selfSigned: a second accepted thumbprint, for rolling to a new certificate")
               String secondaryThumbprint,
               @Mixin HubOptions hub) {
        if (reason != null && !disabled) {
            throw usageError("create", "--reason goes with --disabled");
        }
        if (!Set.of("sas", "selfSigned", "certificateAuthority").contains(auth)) {
            throw usageError("create", "--auth is sas, selfSigned or certificateAuthority");
        }
        if (auth.equals("selfSigned") != (thumbprint != null) || secondaryThumbprint != null && thumbprint == null) {
            throw usageError("create", "--thumbprint (and --secondary-thumbprint) go with --auth selfSigned, "
                    + "which needs --thumbprint");
        }
        HubClient client = client(hub);
        String parentScope = parent == null ? null : gatewayScope(client, parent);
        var body = json.createBody(id, gateway, parentScope, tags, disabled, reason);
        if (!auth.equals("sas")) {
            var authentication = body.putObject("authentication").put("type", auth);
            if (thumbprint != null) {
                authentication.putObject("x509Thumbprint").put("primaryThumbprint", thumbprint)
                        .put("secondaryThumbprint", secondaryThumbprint);
            }
        }
        JsonNode created = client.put(devicePath(id), json.compact(body), null).json();
        out().printf("created device %s: %s, %s, %s%n", id, created.path("status").asText(),
                created.path("authentication").path("type").asText(), json.role(created));
        if (auth.equals("sas")) {
            out().printf("its connection string: bulwark device connection-string %s%n", id);
        } else if (auth.equals("certificateAuthority")) {
            out().printf("it connects with a certificate with CN=%s from a verified CA, e.g. bulwark cert issue "
                    + "--device %s --csr FILE; connection string HostName=%s;DeviceId=%s;x509=true%n", id, id,
                    client.hubHostName(), id);
        } else {
            out().printf("it connects with the registered certificate; connection string "
                    + "HostName=%s;DeviceId=%s;x509=true%n", client.hubHostName(), id);
        }
        return 0;
    }

    @Command(name = "show", description = "Print a device as JSON (without its keys unless --show-keys).")
    int show(@Parameters(paramLabel = "ID") String id,
             @Option(names = "--show-keys", description = "include the device's keys") boolean showKeys,
             @Mixin HubOptions hub) {
        JsonNode device = client(hub).get(devicePath(id)).json();
        out().println(json.pretty(showKeys ? device : json.withoutKeys(device)));
        return 0;
    }

    @Command(name = "list", description = "List devices, one line each: id, status, authentication, gateway/parent.")
    int list(@Option(names = "--status", paramLabel = "enabled|disabled") String status,
             @Option(names = "--tag", paramLabel = "NAME[:VALUE]", description = "only devices with this tag")
             String tag,
             @Option(names = "--parent", paramLabel = "ID", description = "only children of this gateway")
             String parent,
             @Option(names = "--page-size", paramLabel = "N", defaultValue = "100",
                     description = "devices per request, 1..1000 (default: ${DEFAULT-VALUE})") int pageSize,
             @Mixin HubOptions hub) {
        if (status != null && !status.equals("enabled") && !status.equals("disabled")) {
            throw usageError("list", "--status is enabled or disabled");
        }
        HubClient client = client(hub);
        Set<String> seen = new HashSet<>();
        Optional<String> cursor = Optional.empty();
        do {
            Map<String, String> query = new LinkedHashMap<>();
            query.put("status", status);
            query.put("tag", tag);
            query.put("parent", parent);
            query.put("pageSize", Integer.toString(pageSize));
            query.put("continuationToken", cursor.orElse(null));
            HubResponse page = client.get(HubClient.withQuery("/devices", query));
            for (JsonNode device : page.json()) {
                out().println(json.listLine(device));
            }
            cursor = page.continuation();
            if (cursor.isPresent() && !seen.add(cursor.get())) {
                throw new CliFailure("the hub returned the same continuation token twice; stopping");
            }
        } while (cursor.isPresent());
        return 0;
    }

    @Command(name = "delete", description = "Delete a device, its modules and its data.")
    int delete(@Parameters(paramLabel = "ID") String id, @Mixin HubOptions hub) {
        client(hub).delete(devicePath(id));
        out().printf("deleted device %s%n", id);
        return 0;
    }

    @Command(name = "disable", description = "Disable a device: it keeps its keys but cannot connect.")
    int disable(@Parameters(paramLabel = "ID") String id,
                @Option(names = "--reason", paramLabel = "TEXT", description = "why, kept with the device")
                String reason,
                @Mixin HubOptions hub) {
        return changeStatus(client(hub), id, "disabled", reason);
    }

    @Command(name = "enable", description = "Enable a disabled device.")
    int enable(@Parameters(paramLabel = "ID") String id, @Mixin HubOptions hub) {
        return changeStatus(client(hub), id, "enabled", null);
    }

    @Command(name = "regenerate-key", description = "Replace a device's key; connections with the old one end.")
    int regenerateKey(@Parameters(paramLabel = "ID") String id,
                      @Option(names = "--key", paramLabel = "primary|secondary|both", defaultValue = "primary",
                              description = "which key (default: ${DEFAULT-VALUE})") String key,
                      @Mixin HubOptions hub) {
        if (!Set.of("primary", "secondary", "both").contains(key)) {
            throw usageError("regenerate-key", "--key is primary, secondary or both");
        }
        String body = json.compact(json.object().put("key", key));
        client(hub).post(devicePath(id) + "/regenerateKey", "application/json",
                HttpRequest.BodyPublishers.ofString(body), HubClient.REQUEST_TIMEOUT);
        out().printf("regenerated the %s key%s of device %s%n", key, key.equals("both") ? "s" : "", id);
        out().printf("its new connection string: bulwark device connection-string %s%n", id);
        return 0;
    }

    @Command(name = "connection-string",
            description = "Print the connection string a device (or module) uses, with its primary key.")
    int connectionString(@Parameters(paramLabel = "ID") String id,
                         @Option(names = "--module", paramLabel = "MID") String moduleId,
                         @Mixin HubOptions hub) {
        HubClient client = client(hub);
        out().println(DeviceConnectionString.withKey(client.hubHostName(), id, moduleId,
                primaryKey(client, id, moduleId)).format());
        return 0;
    }

    @Command(name = "token",
            description = "Print a SAS token for a device (or module), signed with its primary key: the MQTT password "
                    + "of clients such as mosquitto_pub, or the Authorization of the HTTPS device API.")
    int token(@Parameters(paramLabel = "ID") String id,
              @Option(names = "--module", paramLabel = "MID") String moduleId,
              @Option(names = "--ttl", paramLabel = "SECONDS", defaultValue = "3600",
                      description = "lifetime of the token in seconds (default 3600)") long ttlSeconds,
              @Mixin HubOptions hub) {
        if (ttlSeconds < 60 || ttlSeconds > 365L * 24 * 3600) {
            throw new CliFailure("--ttl must be between 60 seconds and one year");
        }
        HubClient client = client(hub);
        String key = primaryKey(client, id, moduleId);
        String resource = client.hubHostName() + "/devices/" + id + (moduleId == null ? "" : "/modules/" + moduleId);
        out().println(SasToken.create(resource, java.util.Base64.getDecoder().decode(key),
                java.time.Instant.now().plusSeconds(ttlSeconds), null).format());
        return 0;
    }

    private static String primaryKey(HubClient client, String id, String moduleId) {
        String path = moduleId == null ? devicePath(id) : devicePath(id) + "/modules/" + HubClient.segment(moduleId);
        JsonNode identity = client.get(path).json();
        JsonNode authentication = identity.path("authentication");
        String key = authentication.path("symmetricKey").path("primaryKey").asText(null);
        if (!"sas".equals(authentication.path("type").asText()) || key == null) {
            throw new CliFailure((moduleId == null ? "device " + id : "module " + id + "/" + moduleId)
                    + " authenticates with " + authentication.path("type").asText("?")
                    + ", not a key: it has no key connection string");
        }
        return key;
    }

    @Command(name = "import", description = "Create, update or delete many devices at once from a JSON-lines file.")
    int importDevices(@Parameters(paramLabel = "FILE",
                              description = "one device per line (device JSON plus optional \"importMode\")")
                      Path file,
                      @Mixin HubOptions hub) throws FileNotFoundException {
        if (!Files.isRegularFile(file)) {
            throw new CliFailure("no such file: " + file);
        }
        JsonNode result = client(hub).post("/import", "application/x-ndjson",
                HttpRequest.BodyPublishers.ofFile(file), HubClient.BULK_TIMEOUT).json();
        out().printf("imported %s: %d created, %d updated, %d deleted%n", file, result.path("created").asLong(),
                result.path("updated").asLong(), result.path("deleted").asLong());
        return 0;
    }

    @Command(name = "export",
            description = "Write every device and module, with keys, as JSON lines (the import format).")
    int export(@Option(names = "--out", paramLabel = "FILE",
                       description = "write to this new file, readable by you only (default: standard output)")
               Path file,
               @Mixin HubOptions hub) {
        HubClient client = client(hub);
        if (file == null) {
            new RegistryExport(client).writeTo(out());
            return 0;
        }
        long lines = new RegistryExport(client).writeTo(file);
        spec.commandLine().getErr().printf("exported %d identities to %s (it holds their keys: keep it private)%n",
                lines, file);
        return 0;
    }

    private int changeStatus(HubClient client, String id, String status, String reason) {
        JsonNode current = client.get(devicePath(id)).json();
        client.put(devicePath(id), json.compact(json.withStatus(current, status, reason)),
                current.path("etag").asText());
        out().printf("%s device %s%n", status, id);
        return 0;
    }

    /** A child names its gateway by the gateway's scope (PROTOCOL.md): look it up rather than guess it. */
    private String gatewayScope(HubClient client, String gatewayId) {
        JsonNode gateway = client.get(devicePath(gatewayId)).json();
        String scope = gateway.path("deviceScope").asText(null);
        if (!gateway.path("capabilities").path("iotEdge").asBoolean(false) || scope == null) {
            throw new CliFailure("device " + gatewayId + " is not a gateway (create it with --gateway)");
        }
        return scope;
    }

    /** A usage error (exit 2) reported against the subcommand, so its usage help is the one shown. */
    private ParameterException usageError(String subcommand, String message) {
        return new ParameterException(spec.commandLine().getSubcommands().get(subcommand), message);
    }

    private HubClient client(HubOptions hub) {
        return hub.client(BulwarkCli.of(spec).env());
    }

    private PrintWriter out() {
        return spec.commandLine().getOut();
    }

    private static String devicePath(String id) {
        return "/devices/" + HubClient.segment(id);
    }
}
