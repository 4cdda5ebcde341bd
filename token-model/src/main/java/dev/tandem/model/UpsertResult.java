package dev.tandem.model;

/**
 * What a conditional write did.
 *
 * @param applied whether the store changed: the incoming version was newer, or it carried a
 *                revocation the store did not have yet
 * @param stored  the record the store holds after the write
 */
public record UpsertResult(boolean applied, TokenRecord stored) {
}
