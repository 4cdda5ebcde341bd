package dev.tandem.verification.compare;

import dev.tandem.model.TokenRecord;

/** What one store holds for an id: a canonical record, or the reason its row maps to none. */
public record SideRecord(String id, TokenRecord record, String unreadable) {
    static SideRecord of(TokenRecord record) {
        return new SideRecord(record.id(), record, null);
    }

    static SideRecord unreadable(String id, String reason) {
        return new SideRecord(id, null, reason);
    }
}
