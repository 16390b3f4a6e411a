package io.emporium.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class PostalAddressTest {

    static PostalAddress ada() {
        return new PostalAddress("Ada Lovelace", "+86 138 0000 1234", "1 Century Avenue", null, "Shanghai", null, "200120", "CN");
    }

    @Test
    void a_valid_address_is_kept_trimmed_with_blank_optional_fields_as_null() {
        PostalAddress a = new PostalAddress("  Ada ", " 13800001234 ", " 1 Road\u2003", "  ", "Shanghai", "", " 200120", "CN ");
        assertThat(a).isEqualTo(new PostalAddress("Ada", "13800001234", "1 Road", null, "Shanghai", null, "200120", "CN"));
        assertThat(ada().line2()).isNull();
    }

    @Test
    void every_broken_field_is_named_at_once() {
        assertThatThrownBy(() -> new PostalAddress(" ", "12", null, "x".repeat(201), "Shanghai", "a\u0000b", "2", "cn"))
                .isInstanceOfSatisfying(InvalidValue.class, e -> assertThat(e.violations()).containsExactlyInAnyOrder(
                        new InvalidValue.Violation("name", "must not be blank"),
                        new InvalidValue.Violation("phone", PostalAddress.PHONE_MESSAGE),
                        new InvalidValue.Violation("line1", "must not be blank"),
                        new InvalidValue.Violation("line2", "size must be between 0 and 200"),
                        new InvalidValue.Violation("region", PostalAddress.PRINTABLE_MESSAGE),
                        new InvalidValue.Violation("postalCode", PostalAddress.POSTAL_CODE_MESSAGE),
                        new InvalidValue.Violation("country", PostalAddress.COUNTRY_MESSAGE)));
    }

    @Test
    void lengths_count_what_was_sent_and_free_text_refuses_control_characters_and_lone_surrogates() {
        assertThatThrownBy(() -> new PostalAddress("x".repeat(100) + " ", "13800001234", "1 Road", null, "Shanghai", null, "200120", "CN"))
                .isInstanceOfSatisfying(InvalidValue.class, e -> assertThat(e.violations())
                        .containsExactly(new InvalidValue.Violation("name", "size must be between 0 and 100")));
        for (String bad : List.of("a\tb", "a\u0007", "a\ud800b")) {
            assertThatThrownBy(() -> new PostalAddress("Ada", "13800001234", bad, null, "Shanghai", null, "200120", "CN"))
                    .isInstanceOfSatisfying(InvalidValue.class, e -> assertThat(e.violations())
                            .containsExactly(new InvalidValue.Violation("line1", PostalAddress.PRINTABLE_MESSAGE)));
        }
        assertThat(new PostalAddress("Ada \uD83D\uDE00", "13800001234", "1 Road", null, "上海", null, "200120", "CN").name())
                .isEqualTo("Ada \uD83D\uDE00");
    }
}
