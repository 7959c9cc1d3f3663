package io.bulwark.protocol.sas;

/** The outcome of checking a SAS token against the keys it may be signed with. */
public enum SasVerdict {
    VALID,
    EXPIRED,
    BAD_SIGNATURE
}
