package io.bulwark.hub.http;

import static io.bulwark.hub.auth.Permission.REGISTRY_READ;
import static io.bulwark.hub.auth.Permission.REGISTRY_WRITE;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bulwark.hub.HubException;
import io.bulwark.hub.HubLimits;
import io.bulwark.hub.registry.DeviceRegistry;
import io.bulwark.hub.registry.IdentityId;
import io.bulwark.hub.registry.ImportItem;
import io.bulwark.hub.registry.ImportMode;
import io.bulwark.hub.registry.ImportResult;
import io.bulwark.protocol.identity.InvalidIdentityException;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Bulk import and export of the registry as JSON lines, one identity per line. Both stream: an import reads its body
 * line by line under its own size and line limits, an export writes as it reads the store.
 */
final class BulkRoutes {

    private final DeviceRegistry registry;
    private final DeviceJson devices;
    private final ObjectMapper json;
    private final HubLimits limits;

    BulkRoutes(DeviceRegistry registry, DeviceJson devices, ObjectMapper json, HubLimits limits) {
        this.registry = registry;
        this.devices = devices;
        this.json = json;
        this.limits = limits;
    }

    List<Route> routes() {
        return List.of(
                Route.of(HandlerType.POST, "/import", REGISTRY_WRITE, "device.import", this::importDevices),
                Route.of(HandlerType.GET, "/export", REGISTRY_READ, "device.export", this::exportDevices));
    }

    private void importDevices(Context ctx) throws IOException {
        RequestBodies.requireDeclaredLengthWithin(ctx, limits.maxImportBytes());
        List<ImportItem> items = new ArrayList<>();
        int number = 0;
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(
                new RequestBodies.LimitedInputStream(ctx.req().getInputStream(), limits.maxImportBytes()),
                StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                if (items.size() >= limits.maxImportLines()) {
                    throw new HubException.LimitExceeded("too-many-lines",
                            "an import holds at most " + limits.maxImportLines() + " identities");
                }
                items.add(item(number, line));
            }
        } catch (CharacterCodingException e) {
            // Decoding runs ahead of line splitting, so the bad byte lies somewhere from this line on.
            throw new HubException.Invalid("invalid-import", "line " + (number + 1) + " or later: not UTF-8 text");
        }
        ImportResult result = registry.importDevices(RequestGuard.actor(ctx), items);
        ctx.contentType("application/json").result(json.createObjectNode()
                .put("created", result.created())
                .put("updated", result.updated())
                .put("deleted", result.deleted()).toString());
    }

    private ImportItem item(int number, String line) {
        try {
            JsonNode node = json.readTree(line);
            if (node == null || !node.isObject()) {
                throw new HubException.Invalid("invalid-import", "line " + number + ": not a JSON object");
            }
            JsonNode deviceId = node.get("deviceId");
            JsonNode moduleId = node.get("moduleId");
            JsonNode mode = node.get("importMode");
            if (deviceId == null || !deviceId.isTextual()) {
                throw new HubException.Invalid("invalid-import", "line " + number + ": deviceId is required");
            }
            IdentityId id = new IdentityId(deviceId.asText(),
                    moduleId == null || moduleId.isNull() ? null : moduleId.asText());
            return new ImportItem(number, ImportMode.fromWire(mode == null ? null : mode.asText()),
                    devices.read(node, id));
        } catch (JsonProcessingException e) {
            throw new HubException.Invalid("invalid-import", "line " + number + ": not valid JSON");
        } catch (InvalidIdentityException e) {
            throw new HubException.Invalid("invalid-import", "line " + number + ": " + e.getMessage());
        } catch (HubException.Invalid e) {
            if (e.type().equals("invalid-import")) {
                throw e;
            }
            throw new HubException.Invalid("invalid-import", "line " + number + ": " + e.getMessage());
        }
    }

    private void exportDevices(Context ctx) {
        ctx.contentType("application/x-ndjson");
        try (Writer out = new BufferedWriter(new OutputStreamWriter(ctx.res().getOutputStream(),
                StandardCharsets.UTF_8))) {
            registry.exportDevices(RequestGuard.actor(ctx), device -> {
                try {
                    out.write(devices.write(device, true).toString());
                    out.write('\n');
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
