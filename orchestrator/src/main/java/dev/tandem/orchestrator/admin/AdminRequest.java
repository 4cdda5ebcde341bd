package dev.tandem.orchestrator.admin;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.tandem.orchestrator.api.ApiProblem;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The JSON body of an admin change, read field by field so that every refusal names the field,
 * what was found and what is valid. Values are never echoed: an operator may paste anything.
 * A JSON {@code null} counts as an absent field.
 */
final class AdminRequest {
    static final int MAX_BODY_CHARS = 16_384;

    private static final ObjectReader READER = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .readerFor(JsonNode.class);

    private final JsonNode body;

    private AdminRequest(JsonNode body) {
        this.body = body;
    }

    /** Parses {@code text}, a JSON object whose fields are all among {@code fields}. */
    static AdminRequest parse(String text, List<String> fields) {
        String valid = String.join(", ", fields);
        if (text == null || text.isBlank()) {
            throw ApiProblem.badRequest("a JSON object body is required (fields: " + valid + ")");
        }
        if (text.length() > MAX_BODY_CHARS) {
            throw ApiProblem.badRequest("the body has " + text.length() + " characters; at most " + MAX_BODY_CHARS
                    + " are accepted");
        }
        JsonNode body;
        try {
            body = READER.readValue(text);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw ApiProblem.badRequest("the body is not valid JSON"
                    + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"));
        }
        if (body == null || !body.isObject()) {
            throw ApiProblem.badRequest("the body must be a JSON object (fields: " + valid + "), not "
                    + describe(body));
        }
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!fields.contains(name)) {
                throw problem(name, "unknown field \"" + printable(name) + "\" (valid: " + valid + ")");
            }
        }
        return new AdminRequest(body);
    }

    Optional<String> string(String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isTextual()) {
            throw problem(field, field + ": expected a string, found " + describe(node));
        }
        return Optional.of(node.textValue());
    }

    Optional<Boolean> bool(String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isBoolean()) {
            throw problem(field, field + ": expected true or false, found " + describe(node));
        }
        return Optional.of(node.booleanValue());
    }

    Optional<Integer> integer(String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isIntegralNumber()) {
            throw problem(field, field + ": expected a whole number, found " + describe(node));
        }
        if (!node.canConvertToInt()) {
            throw problem(field, field + ": the number is out of range");
        }
        return Optional.of(node.intValue());
    }

    Optional<Long> longInteger(String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isIntegralNumber()) {
            throw problem(field, field + ": expected a whole number, found " + describe(node));
        }
        if (!node.canConvertToLong()) {
            throw problem(field, field + ": the number is out of range");
        }
        return Optional.of(node.longValue());
    }

    /** An array of strings; each element must be a string. */
    Optional<List<String>> strings(String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isArray()) {
            throw problem(field, field + ": expected an array of strings, found " + describe(node));
        }
        List<String> values = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            if (!node.get(i).isTextual()) {
                throw problem(field, field + "[" + i + "]: expected a string, found " + describe(node.get(i)));
            }
            values.add(node.get(i).textValue());
        }
        return Optional.of(values);
    }

    static ApiProblem problem(String field, String detail) {
        return new ApiProblem(400, "Bad request", detail, Map.of("field", field));
    }

    private static String describe(JsonNode node) {
        if (node == null || node.isNull()) {
            return "null";
        }
        if (node.isTextual()) {
            return "a string";
        }
        if (node.isBoolean()) {
            return "a boolean";
        }
        if (node.isNumber()) {
            return node.isIntegralNumber() ? "a whole number" : "a decimal number";
        }
        return node.isArray() ? "an array" : "an object";
    }

    /** A field name is echoed only when it looks like one: short, and printable ASCII. */
    private static String printable(String name) {
        return name.length() <= 40 && name.chars().allMatch(c -> c >= 0x20 && c < 0x7f && c != '"')
                ? name : "(a name of " + name.length() + " characters)";
    }
}
