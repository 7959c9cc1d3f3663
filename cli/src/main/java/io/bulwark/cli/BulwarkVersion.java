package io.bulwark.cli;

import picocli.CommandLine.IVersionProvider;

/** Answers {@code --version} from the jar's manifest; a build from an IDE has none. */
final class BulwarkVersion implements IVersionProvider {

    @Override
    public String[] getVersion() {
        String version = BulwarkCli.class.getPackage().getImplementationVersion();
        return new String[] {"bulwark " + (version == null ? "(development build)" : version)};
    }
}
