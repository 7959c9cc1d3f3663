package io.bulwark.cli;

import io.bulwark.hub.DataFolder;
import java.net.URI;
import java.util.Map;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Options of every command that talks to a running hub over its REST API. */
final class HubOptions {

    @Mixin
    DataOption data;

    @Option(names = "--hub", paramLabel = "URL",
            description = "the hub's HTTPS address (default: the local hub of --data, from its hub.json)")
    URI hub;

    DataFolder folder(Map<String, String> env) {
        return data.folder(env);
    }

    HubClient client(Map<String, String> env) {
        return HubClient.connect(folder(env), hub);
    }
}
