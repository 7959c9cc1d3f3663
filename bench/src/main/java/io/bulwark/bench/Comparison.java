package io.bulwark.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Puts a Bulwark and a Mosquitto results file of the same run side by side: prints the table with the ratio
 * Bulwark / Mosquitto, and writes it as Markdown and as a PNG plot when paths are given.
 *
 * <p>Usage: {@code Comparison BULWARK.csv MOSQUITTO.csv [TABLE.md] [PLOT.png]}
 */
public final class Comparison {

    private Comparison() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            throw new IllegalArgumentException("usage: Comparison BULWARK.csv MOSQUITTO.csv [TABLE.md] [PLOT.png]");
        }
        ComparisonTable table = new ComparisonTable(RunResults.read(Path.of(args[0])),
                RunResults.read(Path.of(args[1])));
        System.out.print(table.text());
        String delivered = table.deliveredSummary();
        if (!delivered.isEmpty()) {
            System.out.println();
            System.out.print(delivered);
        }
        if (args.length > 2) {
            Files.writeString(Path.of(args[2]), table.markdown(), StandardCharsets.UTF_8);
        }
        if (args.length > 3) {
            ComparisonPlot.write(table, Path.of(args[3]));
            System.out.println("plot: " + args[3]);
        }
    }
}
