package io.emporium.platform.web;

import io.emporium.kernel.MultiLineText;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.BeanProperty;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.KeyDeserializer;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.deser.std.StdScalarDeserializer;
import tools.jackson.databind.module.SimpleModule;

/**
 * The edge's rules for every JSON string a client sends (request bodies only; the platform's own
 * events and service-to-service answers are read without it): a string field takes a JSON string
 * and nothing else (no number or boolean turned into text), and the text passes {@link TextRules},
 * multi-line only where the field is marked {@link MultiLineText}. A refusal is an
 * IllegalArgumentException, which Jackson wraps with the JSON path; the problem handler names it.
 */
public class StrictJsonModule extends SimpleModule {

    public StrictJsonModule() {
        super("emporium-strict-text");
        addDeserializer(String.class, new CheckedString(false));
        addKeyDeserializer(String.class, new KeyDeserializer() {
            @Override
            public Object deserializeKey(String key, DeserializationContext ctxt) {
                String violation = TextRules.violation(key, false);
                if (violation != null) {
                    throw new IllegalArgumentException("a key " + violation);
                }
                return key;
            }
        });
    }

    static final class CheckedString extends StdScalarDeserializer<String> {
        private final boolean multiLine;

        CheckedString(boolean multiLine) {
            super(String.class);
            this.multiLine = multiLine;
        }

        @Override
        public ValueDeserializer<?> createContextual(DeserializationContext ctxt, BeanProperty property) {
            boolean marked = property != null && property.getAnnotation(MultiLineText.class) != null;
            return marked == multiLine ? this : new CheckedString(marked);
        }

        @Override
        public String deserialize(JsonParser p, DeserializationContext ctxt) {
            if (p.currentToken() != JsonToken.VALUE_STRING) {
                throw new IllegalArgumentException("must be a JSON string, not " + describe(p.currentToken()));
            }
            String value = p.getString();
            String violation = TextRules.violation(value, multiLine);
            if (violation != null) {
                throw new IllegalArgumentException(violation);
            }
            return value;
        }

        private static String describe(JsonToken token) {
            return switch (token) {
                case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
                case VALUE_TRUE, VALUE_FALSE -> "a boolean";
                case START_OBJECT -> "an object";
                case START_ARRAY -> "an array";
                default -> String.valueOf(token);
            };
        }
    }
}
