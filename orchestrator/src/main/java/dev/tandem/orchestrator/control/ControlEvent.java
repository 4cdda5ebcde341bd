package dev.tandem.orchestrator.control;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.time.Instant;
import java.util.UUID;

/**
 * One record of the control log: a proposed change, who proposed it (by id) and when. Whether it
 * takes effect is decided by {@link ControlFold} when each instance reads it, never by the writer.
 *
 * @param id     unique per proposal; the proposer waits for the record carrying it
 * @param at     when it was proposed; becomes the audit time if accepted
 * @param change the proposed state
 */
public record ControlEvent(UUID id, Instant at, ControlChange change) {

    // Unknown fields are ignored: a newer instance may add some, and older ones must still fold the log.
    private static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a control event as JSON", e);
        }
    }

    /** Reads a record of the log; a record that is not a control event fails with {@link IllegalArgumentException}. */
    public static ControlEvent fromJson(String json) {
        try {
            ControlEvent event = JSON.readValue(json, ControlEvent.class);
            if (event == null || event.id() == null || event.at() == null || event.change() == null) {
                throw new IllegalArgumentException("a control event needs id, at and change");
            }
            return event;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a control event: " + e.getOriginalMessage(), e);
        }
    }
}
