package dev.tandem.admin.view;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One side ({@code from} or {@code to}) of a change: a phase name for a phase change ({@code "DUAL_WRITE"}),
 * {@code {flag, rampPercent}} for a read change or a rollback, {@code {autoCutover}} for the automatic
 * cutover, all four in the audit. Written back in the shape it was read in.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ControlPoint(String phase, String flag, Integer rampPercent, Boolean autoCutover) {

    /** A state's side; its reads may come nested ({@code "reads": {"flag", "rampPercent"}}) as a status has them. */
    @JsonCreator(mode = JsonCreator.Mode.PROPERTIES)
    static ControlPoint of(@JsonProperty("phase") String phase, @JsonProperty("flag") String flag,
                           @JsonProperty("rampPercent") Integer rampPercent,
                           @JsonProperty("autoCutover") Boolean autoCutover, @JsonProperty("reads") Reads reads) {
        return new ControlPoint(phase, reads != null && reads.flag() != null ? reads.flag() : flag,
                reads != null && reads.rampPercent() != null ? reads.rampPercent() : rampPercent, autoCutover);
    }

    /** A phase change's side: the phase name alone. */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static ControlPoint ofPhase(String phase) {
        return new ControlPoint(phase, null, null, null);
    }

    /** Whether this is a phase name alone, as a phase change sends it. */
    public boolean phaseOnly() {
        return flag == null && rampPercent == null && autoCutover == null;
    }

    @JsonValue
    Object json() {
        if (phaseOnly()) {
            return phase;
        }
        Map<String, Object> json = new LinkedHashMap<>();
        if (phase != null) {
            json.put("phase", phase);
        }
        if (flag != null) {
            json.put("flag", flag);
        }
        if (rampPercent != null) {
            json.put("rampPercent", rampPercent);
        }
        if (autoCutover != null) {
            json.put("autoCutover", autoCutover);
        }
        return json;
    }
}
