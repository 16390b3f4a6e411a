package io.emporium.platform.web;

import io.emporium.kernel.Money;
import java.math.BigDecimal;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.ValueSerializer;
import tools.jackson.databind.module.SimpleModule;

/** Money on the wire: {@code {"amount": "12.50", "currency": "CNY"}}; the amount as a string, never a float. */
public class MoneyJsonModule extends SimpleModule {

    public MoneyJsonModule() {
        super("emporium-money");
        addSerializer(Money.class, new ValueSerializer<>() {
            @Override
            public void serialize(Money value, JsonGenerator gen, SerializationContext ctxt) {
                gen.writeStartObject();
                gen.writeStringProperty("amount", value.amount().toPlainString());
                gen.writeStringProperty("currency", value.currency().getCurrencyCode());
                gen.writeEndObject();
            }
        });
        addDeserializer(Money.class, new ValueDeserializer<>() {
            @Override
            public Money deserialize(JsonParser p, DeserializationContext ctxt) {
                if (p.currentToken() != JsonToken.START_OBJECT) {
                    throw new IllegalArgumentException("money must be an object {\"amount\": \"12.50\", \"currency\": \"CNY\"}");
                }
                JsonNode node = ctxt.readTree(p);
                JsonNode amount = node.get("amount");
                JsonNode currency = node.get("currency");
                if (amount == null || amount.isNull() || currency == null || !currency.isString()) {
                    throw new IllegalArgumentException("money needs an amount and a currency");
                }
                if (!amount.isString() && !amount.isNumber()) {
                    throw new IllegalArgumentException("amount must be a decimal string such as \"12.50\"");
                }
                BigDecimal value;
                try {
                    value = new BigDecimal(amount.asString());
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("amount '" + amount.asString() + "' is not a decimal number");
                }
                if (value.precision() - value.scale() > 15) {
                    throw new IllegalArgumentException("amount is too large");
                }
                return Money.of(value, currency.asString());
            }
        });
    }
}
