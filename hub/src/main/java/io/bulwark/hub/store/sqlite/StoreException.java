package io.bulwark.hub.store.sqlite;

/** The database failed (I/O, corruption, a bug in our SQL): not the caller's fault, answered as a server error. */
public class StoreException extends RuntimeException {

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    public StoreException(String message) {
        super(message);
    }
}
