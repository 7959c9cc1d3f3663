package io.bulwark.device.agent.posture;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads when ClamAV's signatures were built. A {@code .cvd}/{@code .cld} database starts with a 512-byte ASCII
 * header {@code ClamAV-VDB:14 Nov 2023 09-32 +0000:27094:2044560:90:md5:dsig:builder:1699954320} (sigtool writes the time as
 * {@code %H-%M}, keeping the header colon-separated): the build time
 * is field 2 and, as epoch seconds, field 9. {@code clamscan --version} prints
 * {@code ClamAV 1.0.3/27094/Tue Nov 14 09:32:05 2023} (local time) as a fallback.
 */
public final class ClamAvSignatures {
    private static final DateTimeFormatter HEADER_DATE = DateTimeFormatter.ofPattern("d MMM yyyy HH-mm Z", Locale.ROOT);
    private static final DateTimeFormatter VERSION_DATE =
            DateTimeFormatter.ofPattern("EEE MMM d HH:mm:ss yyyy", Locale.ROOT);

    public Optional<Instant> fromDatabaseHeader(byte[] head) {
        String header = new String(head, 0, Math.min(head.length, 512), StandardCharsets.US_ASCII).replace('\0', ' ');
        if (!header.startsWith("ClamAV-VDB:")) {
            return Optional.empty();
        }
        String[] fields = header.split(":");
        if (fields.length > 8 && fields[8].strip().matches("\\d{1,12}")) {
            return Optional.of(Instant.ofEpochSecond(Long.parseLong(fields[8].strip())));
        }
        try {
            return Optional.of(OffsetDateTime.parse(fields[1].strip(), HEADER_DATE).toInstant());
        } catch (DateTimeParseException | ArrayIndexOutOfBoundsException e) {
            return Optional.empty();
        }
    }

    public Optional<Instant> fromVersionLine(String output, ZoneId zone) {
        String[] parts = output.strip().split("/");
        if (parts.length < 3 || !parts[0].startsWith("ClamAV")) {
            return Optional.empty();
        }
        try {
            String date = parts[2].strip().replaceAll("\\s+", " ");
            return Optional.of(LocalDateTime.parse(date, VERSION_DATE).atZone(zone).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
