package io.nearline.recall.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nearline.recall.deploy.triton.DataType;
import io.nearline.recall.deploy.triton.ModelConfig;
import io.nearline.recall.deploy.triton.ModelInstanceGroup;
import java.util.List;
import org.junit.jupiter.api.Test;

/** config.pbtxt read by protobuf's text format against Triton's schema: the syntax Triton accepts, and no field it lacks. */
class ModelConfigTextTest {

    @Test
    void readsListsOfMessagesMapsEnumsAndComments() {
        ModelConfig config = ModelRepository.parse("""
        name: "ensemble"   # the model
        max_batch_size: 64
        input [
          { name: "text_input" data_type: TYPE_STRING dims: [ 1 ] },
          { name: 'max_tokens', data_type: TYPE_INT32; dims: [ -1, 3 ] optional: true }
        ]
        instance_group [ { count: 2 kind: KIND_CPU } ]
        parameters: { key: "k" value: { string_value: "a" "b" } }
        parameters < key: "e" value < string_value: "x\\"y" > >
        """, "test");
        assertEquals("ensemble", config.getName());
        assertEquals(64, config.getMaxBatchSize());
        assertEquals(2, config.getInputCount());
        assertEquals(DataType.TYPE_STRING, config.getInput(0).getDataType());
        assertEquals(List.of(-1L, 3L), config.getInput(1).getDimsList());
        assertTrue(config.getInput(1).getOptional());
        assertEquals(ModelInstanceGroup.Kind.KIND_CPU, config.getInstanceGroup(0).getKind());
        assertEquals("ab", config.getParametersOrThrow("k").getStringValue());
        assertEquals("x\"y", config.getParametersOrThrow("e").getStringValue());
    }

    @Test
    void aFieldTritonsSchemaLacks_oraSyntaxError_isRefusedNamingTheLine() {
        IllegalArgumentException misspelt = assertThrows(IllegalArgumentException.class,
                () -> ModelRepository.parse("name: \"a\"\n\nbakend: \"python\"\n", "cfg.pbtxt"));
        assertTrue(misspelt.getMessage().startsWith("cfg.pbtxt:3:"), misspelt.getMessage());
        assertTrue(misspelt.getMessage().contains("bakend"), misspelt.getMessage());
        IllegalArgumentException badEnum = assertThrows(IllegalArgumentException.class,
                () -> ModelRepository.parse("input [ { name: \"t\" data_type: TYPE_TEXT } ]", "cfg.pbtxt"));
        assertTrue(badEnum.getMessage().contains("TYPE_TEXT"), badEnum.getMessage());
        IllegalArgumentException unclosed = assertThrows(IllegalArgumentException.class,
                () -> ModelRepository.parse("name: \"a\"\ninput [\n  { name: \"b\"\n", "cfg.pbtxt"));
        assertTrue(unclosed.getMessage().startsWith("cfg.pbtxt:"), unclosed.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ModelRepository.parse("name: \"a\n\"", "cfg"));
        assertThrows(IllegalArgumentException.class, () -> ModelRepository.parse("input [ { dims: [ 1 2 ] } ]", "cfg"));
    }
}
