package io.bulwark.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The figures of one driver run against one broker: each is printed as it is measured and appended to a CSV file at
 * once (a run cut short still leaves what it measured). The file starts with a header line.
 */
final class RunResults {

    static final String HEADER = "scenario,metric,value,unit,note";

    private final Path file;
    private final String target;
    private final List<Figure> figures = new ArrayList<>();

    RunResults(Path file, String target) {
        this.file = file;
        this.target = target;
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            Files.writeString(file, HEADER + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    synchronized void add(Figure figure) {
        figures.add(figure);
        System.out.println("RESULT " + target + " " + figure.humanLine());
        try {
            Files.writeString(file, figure.csvLine() + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    synchronized List<Figure> figures() {
        return List.copyOf(figures);
    }

    /** Reads a results file back (the header is skipped). */
    static List<Figure> read(Path file) throws IOException {
        List<Figure> figures = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (!line.isBlank() && !line.equals(HEADER)) {
                figures.add(Figure.parseCsv(line));
            }
        }
        return figures;
    }
}
