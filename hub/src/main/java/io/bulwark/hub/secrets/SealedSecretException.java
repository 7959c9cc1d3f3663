package io.bulwark.hub.secrets;

/** A sealed secret that cannot be opened: wrong master key, wrong context, or tampered ciphertext. */
public final class SealedSecretException extends RuntimeException {

    public SealedSecretException(String message) {
        super(message);
    }
}
