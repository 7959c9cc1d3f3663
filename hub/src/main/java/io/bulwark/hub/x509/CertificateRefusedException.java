package io.bulwark.hub.x509;

/** A client certificate that does not prove the identity it was presented for; the message is the audit reason. */
public final class CertificateRefusedException extends RuntimeException {

    CertificateRefusedException(String reason) {
        super(reason, null, false, false);
    }
}
