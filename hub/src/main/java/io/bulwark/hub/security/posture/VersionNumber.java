package io.bulwark.hub.security.posture;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Orders version strings the way people read them: {@code 1.10 > 1.9}, {@code 22.04 = 22.4}, {@code 2.0 = 2},
 * {@code 1.2.3-rc1 < 1.2.3-rc2}. Parts are split at dots, dashes, underscores, plus signs and tildes, and between digits
 * and letters; digit parts compare as numbers, letter parts as text, and a digit part is newer than a letter part
 * ({@code 1.0.1 > 1.0.beta}). A leading {@code v} is ignored. Trailing zero parts do not count.
 */
public final class VersionNumber {

    private VersionNumber() {
    }

    /** Negative, zero or positive as {@code a} is older than, as new as, or newer than {@code b}. */
    public static int compare(String a, String b) {
        List<String> left = parts(a);
        List<String> right = parts(b);
        int length = Math.max(left.size(), right.size());
        for (int i = 0; i < length; i++) {
            int order = comparePart(i < left.size() ? left.get(i) : "0", i < right.size() ? right.get(i) : "0");
            if (order != 0) {
                return order;
            }
        }
        return 0;
    }

    public static boolean isBelow(String version, String minimum) {
        return compare(version, minimum) < 0;
    }

    private static int comparePart(String a, String b) {
        boolean aNumeric = Character.isDigit(a.charAt(0));
        boolean bNumeric = Character.isDigit(b.charAt(0));
        if (aNumeric && bNumeric) {
            String x = stripZeros(a);
            String y = stripZeros(b);
            // Compared as digit strings so that no version, however long, overflows a long.
            return x.length() != y.length() ? Integer.compare(x.length(), y.length()) : x.compareTo(y);
        }
        if (aNumeric != bNumeric) {
            return aNumeric ? 1 : -1;
        }
        return a.compareTo(b);
    }

    private static String stripZeros(String digits) {
        int i = 0;
        while (i < digits.length() - 1 && digits.charAt(i) == '0') {
            i++;
        }
        return digits.substring(i);
    }

    private static List<String> parts(String version) {
        String text = version == null ? "" : version.trim().toLowerCase(Locale.ROOT);
        if (text.length() > 1 && text.charAt(0) == 'v' && Character.isDigit(text.charAt(1))) {
            text = text.substring(1);
        }
        List<String> parts = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (char c : text.toCharArray()) {
            boolean separator = !Character.isLetterOrDigit(c);
            boolean kindChanges = current.length() > 0
                    && Character.isDigit(c) != Character.isDigit(current.charAt(current.length() - 1));
            if (separator || kindChanges) {
                if (current.length() > 0) {
                    parts.add(current.toString());
                    current.setLength(0);
                }
            }
            if (!separator) {
                current.append(c);
            }
        }
        if (current.length() > 0) {
            parts.add(current.toString());
        }
        while (!parts.isEmpty() && parts.get(parts.size() - 1).chars().allMatch(ch -> ch == '0')) {
            parts.remove(parts.size() - 1);
        }
        return parts;
    }
}
