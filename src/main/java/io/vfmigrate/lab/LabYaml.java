package io.vfmigrate.lab;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.util.StringQuotingChecker;
import io.vfmigrate.lab.state.LabSpec;
import java.util.regex.Pattern;

/**
 * Reads and writes the lab YAML schema (snake_case keys). A key given twice in one mapping is
 * refused (the last one would silently win), as is {@code null} for a number or a flag.
 */
public final class LabYaml {
  private static final ObjectMapper YAML =
      new ObjectMapper(
              YAMLFactory.builder()
                  .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                  .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                  .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                  .stringQuotingChecker(new Quoting())
                  .build())
          .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .setSerializationInclusion(JsonInclude.Include.NON_NULL)
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

  private LabYaml() {}

  public static ObjectMapper mapper() {
    return YAML;
  }

  public static LabSpec copy(LabSpec spec) {
    return YAML.convertValue(spec, LabSpec.class);
  }

  /**
   * Quotes, besides what YAML itself requires, every value made of hex digits, colons and dots
   * around a colon: MACs ({@code 52:54:00:11:22:33}) and PCI addresses ({@code 0000:41:00.0}) read
   * as base-60 numbers in YAML 1.1 (PyYAML, libyaml-based tools, older Go and Ruby parsers).
   */
  static final class Quoting extends StringQuotingChecker {
    private static final long serialVersionUID = 1L;
    private static final Pattern COLON_NUMBER = Pattern.compile("[0-9A-Fa-f.]*:[0-9A-Fa-f:.]*");
    private final StringQuotingChecker yaml = StringQuotingChecker.Default.instance();

    @Override
    public boolean needToQuoteName(String name) {
      return yaml.needToQuoteName(name) || COLON_NUMBER.matcher(name).matches();
    }

    @Override
    public boolean needToQuoteValue(String value) {
      return yaml.needToQuoteValue(value) || COLON_NUMBER.matcher(value).matches();
    }
  }
}
