package dev.tandem.demo.admin;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Strict reads of the fields the demo uses (extra fields are ignored): a missing or mistyped field
 * is an {@link AdminException} naming the endpoint and the field, not a silent zero.
 */
final class Json {
    private Json() {
    }

    static String text(JsonNode node, String field, String where) throws AdminException {
        JsonNode value = node.path(field);
        if (!value.isTextual()) {
            throw wrong(where, field, "a string", value);
        }
        return value.textValue();
    }

    static boolean bool(JsonNode node, String field, String where) throws AdminException {
        JsonNode value = node.path(field);
        if (!value.isBoolean()) {
            throw wrong(where, field, "true or false", value);
        }
        return value.booleanValue();
    }

    static long whole(JsonNode node, String field, String where) throws AdminException {
        JsonNode value = node.path(field);
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw wrong(where, field, "a whole number", value);
        }
        return value.longValue();
    }

    /** A number (whole or not); rates may be either. */
    static double number(JsonNode node, String field, String where) throws AdminException {
        JsonNode value = node.path(field);
        if (!value.isNumber()) {
            throw wrong(where, field, "a number", value);
        }
        return value.doubleValue();
    }

    /** A number that may be null or absent (e.g. an ETA not known yet). */
    static Double optionalNumber(JsonNode node, String field, String where) throws AdminException {
        JsonNode value = node.path(field);
        if (value.isMissingNode() || value.isNull()) {
            return null;
        }
        return number(node, field, where);
    }

    /** A string that may be null or absent (e.g. no error). */
    static String optionalText(JsonNode node, String field, String where) throws AdminException {
        JsonNode value = node.path(field);
        if (value.isMissingNode() || value.isNull()) {
            return null;
        }
        return text(node, field, where);
    }

    static JsonNode object(JsonNode node, String field, String where) throws AdminException {
        JsonNode value = node.path(field);
        if (!value.isObject()) {
            throw wrong(where, field, "an object", value);
        }
        return value;
    }

    static AdminException wrong(String where, String field, String expected, JsonNode found) {
        return new AdminException(where + " answered an unexpected shape: field \"" + field + "\" should be "
                + expected + ", found " + describe(found));
    }

    private static String describe(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "nothing";
        }
        if (node.isNull()) {
            return "null";
        }
        return node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    }
}
