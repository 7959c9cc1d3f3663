package io.bulwark.device.client;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The password of a credential key store, read from a file only its owner can read (refused otherwise, as ssh refuses
 * a private key others can read) or from an environment variable. Never printed.
 */
public final class StorePassword {

    private static final Set<PosixFilePermission> OTHERS = EnumSet.of(PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private final char[] value;

    private StorePassword(char[] value) {
        if (value.length == 0) {
            throw new DeviceClientException("the key store password is empty");
        }
        this.value = value;
    }

    /** Reads the file's first line; refuses a file that its group or others may read or write. */
    public static StorePassword fromFile(Path file) {
        Set<PosixFilePermission> permissions;
        try {
            permissions = Files.getPosixFilePermissions(file);
        } catch (UnsupportedOperationException notPosix) {
            throw new DeviceClientException("cannot check who may read " + file + " on this file system; give the "
                    + "password in an environment variable instead");
        } catch (IOException e) {
            throw new DeviceClientException("cannot read the password file " + file + ": " + e.getClass().getSimpleName());
        }
        Set<PosixFilePermission> open = EnumSet.copyOf(OTHERS);
        open.retainAll(permissions);
        if (!open.isEmpty()) {
            throw new DeviceClientException("the password file " + file + " is accessible to others (" + open
                    + "); make it owner-only: chmod 600");
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new DeviceClientException("cannot read the password file " + file + ": " + e.getClass().getSimpleName());
        }
        try {
            CharBuffer chars = StandardCharsets.UTF_8.decode(ByteBuffer.wrap(bytes));
            int end = 0;
            while (end < chars.limit() && chars.get(end) != '\n' && chars.get(end) != '\r') {
                end++;
            }
            char[] password = new char[end];
            chars.get(password, 0, end);
            Arrays.fill(chars.array(), '\0');
            return new StorePassword(password);
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    public static StorePassword fromEnvironment(String variable) {
        return fromEnvironment(variable, System.getenv());
    }

    static StorePassword fromEnvironment(String variable, Map<String, String> environment) {
        String value = environment.get(variable);
        if (value == null) {
            throw new DeviceClientException("the environment variable " + variable + " is not set");
        }
        return new StorePassword(value.toCharArray());
    }

    char[] chars() {
        return value.clone();
    }

    @Override
    public String toString() {
        return "StorePassword[redacted]";
    }
}
