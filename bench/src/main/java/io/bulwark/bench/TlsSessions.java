package io.bulwark.bench;

import java.lang.reflect.Method;
import java.util.Optional;

/** What the bench asks a TLS engine that its public API does not answer. */
final class TlsSessions {

    private TlsSessions() {
    }

    /**
     * Netty's OpenSSL engine knows whether the session was resumed but keeps the method package-private; the bench
     * asks anyway, to prove that each connect it times is a full handshake.
     */
    static Boolean reused(javax.net.ssl.SSLEngine engine) {
        Method method = SESSION_REUSED.get(engine.getClass()).orElse(null);
        if (method == null) {
            return null;
        }
        try {
            return (Boolean) method.invoke(engine);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /** The engine's {@code isSessionReused}, looked up once per engine class rather than on every connect. */
    private static final ClassValue<Optional<Method>> SESSION_REUSED = new ClassValue<>() {
        @Override
        protected Optional<Method> computeValue(Class<?> engineType) {
            for (Class<?> type = engineType; type != null; type = type.getSuperclass()) {
                try {
                    Method method = type.getDeclaredMethod("isSessionReused");
                    method.setAccessible(true);
                    return Optional.of(method);
                } catch (NoSuchMethodException e) {
                    // declared higher up
                } catch (RuntimeException e) {
                    return Optional.empty();
                }
            }
            return Optional.empty();
        }
    };
}
