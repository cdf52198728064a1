package io.cfkit.cfdeploy.pipeline;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/** The metadata list of a resource's reply: {@code [{name, value}]}. */
final class Metadata {

    private Metadata() {
    }

    static ArrayNode of(String... namesAndValues) {
        ArrayNode list = JsonNodeFactory.instance.arrayNode();
        for (int i = 0; i + 1 < namesAndValues.length; i += 2) {
            list.addObject().put("name", namesAndValues[i]).put("value", namesAndValues[i + 1]);
        }
        return list;
    }
}
