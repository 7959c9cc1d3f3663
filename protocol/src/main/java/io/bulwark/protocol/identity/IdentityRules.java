package io.bulwark.protocol.identity;

/**
 * Azure IoT Hub's rule for device and module ids: 1 to 128 characters of {@code A-Za-z0-9-:.+%_#*?!(),=@;$'}.
 * Notably no {@code /} (it separates device and module in client ids and topics), no whitespace, no control
 * characters, nothing outside ASCII.
 */
public final class IdentityRules {

    public static final int MAX_LENGTH = 128;
    private static final String SPECIALS = "-:.+%_#*?!(),=@;$'";

    private IdentityRules() {
    }

    public static boolean isValidId(String value) {
        if (value == null || value.isEmpty() || value.length() > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            if (!isAllowed(value.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** Returns {@code value} when valid; otherwise throws, naming {@code what} without echoing a long input. */
    public static String requireValidId(String value, String what) {
        if (!isValidId(value)) {
            throw new InvalidIdentityException(what + " " + preview(value) + " is invalid: use 1.." + MAX_LENGTH
                    + " characters of A-Za-z0-9 and " + SPECIALS);
        }
        return value;
    }

    private static boolean isAllowed(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || SPECIALS.indexOf(c) >= 0;
    }

    /** A short, printable rendering of untrusted input for error messages. */
    static String preview(String value) {
        if (value == null) {
            return "(missing)";
        }
        StringBuilder out = new StringBuilder("'");
        int limit = Math.min(value.length(), 64);
        for (int i = 0; i < limit; i++) {
            char c = value.charAt(i);
            out.append(c < 0x20 || c > 0x7e ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return out.append(value.length() > limit ? "...'" : "'").toString();
    }
}
