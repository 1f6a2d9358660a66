package io.nearline.recall.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ProtoTextTest {

    @Test
    void readsScalarsListsNestedMessagesAndComments() {
        ProtoText.Message config = ProtoText.parse("""
        name: "ensemble"   # the model
        max_batch_size: 64
        input [
          { name: "text_input" data_type: TYPE_STRING dims: [ 1 ] },
          { name: 'max_tokens', data_type: TYPE_INT32; dims: [ -1, 3 ] optional: true }
        ]
        parameters: { key: "k" value: { string_value: "a" "b" } }
        parameters < key: "e" value < string_value: "x\\"y" > >
        """, "test");
        assertEquals("ensemble", config.text("name"));
        assertEquals("64", config.text("max_batch_size"));
        List<ProtoText.Message> inputs = config.messages("input");
        assertEquals(2, inputs.size());
        assertEquals(List.of("1"), inputs.get(0).all("dims"));
        assertEquals(List.of("-1", "3"), inputs.get(1).all("dims"));
        assertEquals("true", inputs.get(1).text("optional"));
        assertEquals("ab", config.messages("parameters").get(0).message("value").text("string_value"));
        assertEquals("x\"y", config.messages("parameters").get(1).message("value").text("string_value"));
    }

    @Test
    void syntaxErrorsNameTheLine() {
        IllegalArgumentException unclosed = assertThrows(IllegalArgumentException.class,
                () -> ProtoText.parse("name: \"a\"\ninput [\n  { name: \"b\"\n", "cfg.pbtxt"));
        assertTrue(unclosed.getMessage().startsWith("cfg.pbtxt:4:"), unclosed.getMessage());
        IllegalArgumentException noColon = assertThrows(IllegalArgumentException.class,
                () -> ProtoText.parse("name: \"a\"\n\nbackend \"python\"\n", "cfg.pbtxt"));
        assertTrue(noColon.getMessage().startsWith("cfg.pbtxt:3: expected ':'"), noColon.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ProtoText.parse("name: \"a\n\"", "cfg"));
        assertThrows(IllegalArgumentException.class, () -> ProtoText.parse("dims: [ 1 2 ]", "cfg"));
    }
}
