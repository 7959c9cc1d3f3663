package io.bulwark.device.agent.posture;

import io.bulwark.protocol.security.PostureSnapshot.OperatingSystem;
import java.util.HashMap;
import java.util.Map;

/**
 * Parses {@code os-release(5)}: {@code KEY=value} lines, values optionally in single or double quotes with
 * backslash escapes, {@code #} comments. Unknown keys are ignored; a file without ID, NAME or VERSION_ID gives nulls.
 */
public final class OsRelease {

    public OperatingSystem parse(String content) {
        Map<String, String> values = new HashMap<>();
        for (String raw : content.split("\n")) {
            String line = raw.strip();
            int equals = line.indexOf('=');
            if (line.isEmpty() || line.startsWith("#") || equals <= 0) {
                continue;
            }
            values.put(line.substring(0, equals), unquote(line.substring(equals + 1)));
        }
        return new OperatingSystem(bounded(values.get("ID")), bounded(values.get("NAME")),
                bounded(values.get("VERSION_ID")));
    }

    private static String unquote(String value) {
        if (value.length() >= 2 && (value.charAt(0) == '"' || value.charAt(0) == '\'')
                && value.charAt(value.length() - 1) == value.charAt(0)) {
            String inner = value.substring(1, value.length() - 1);
            return value.charAt(0) == '"' ? inner.replaceAll("\\\\(.)", "$1") : inner;
        }
        return value;
    }

    /** The schema caps text fields; a hostile or odd file must not make the whole snapshot invalid. */
    static String bounded(String value) {
        if (value == null) {
            return null;
        }
        String printable = value.replaceAll("\\p{Cntrl}", "");
        return printable.length() > 256 ? printable.substring(0, 256) : printable;
    }
}
