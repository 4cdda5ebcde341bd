package dev.tandem.orchestrator.write;

import dev.tandem.model.TokenKind;

/** A write named a token id that the primary holds as another kind of token: a token's kind never changes. */
public class KindConflictException extends RuntimeException {
    private final TokenKind stored;

    public KindConflictException(TokenKind requested, TokenKind stored) {
        // The id stays out of the message, which goes to the caller: a raw token sent by mistake must not come back.
        super("this id holds a token of kind " + stored.wireName() + ", not " + requested.wireName()
                + ": a token's kind never changes; delete it first or use another id");
        this.stored = stored;
    }

    public TokenKind stored() {
        return stored;
    }
}
