package io.vfmigrate.host;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import io.vfmigrate.model.Names;

/**
 * What went wrong in a YAML file the user gave (an inventory, a lab description), in the file's own
 * terms: the field's path as written ({@code hosts.src.nics[0].total_vfs}), the problem, the line
 * and column. Used by every reader of user YAML, so they all say it alike.
 */
public final class YamlErrors {
  private YamlErrors() {}

  /** "hosts.src.total_vfs is null at line 3, column 5", "Duplicate field 'vms' at line 9, ...". */
  public static String describe(JsonProcessingException e) {
    String problem = Names.escaped(String.valueOf(e.getOriginalMessage()));
    String what = problem;
    if (e instanceof JsonMappingException m) {
      String path = path(m);
      if (problem.startsWith("Cannot map `null`")) {
        what = path + " is null";
      } else if (!path.isEmpty()) {
        what = path + ": " + problem;
      }
    }
    return what + " at " + location(e);
  }

  private static String path(JsonMappingException e) {
    StringBuilder out = new StringBuilder();
    for (JsonMappingException.Reference r : e.getPath()) {
      if (r.getFieldName() != null) {
        out.append(out.length() == 0 ? "" : ".").append(Names.printable(r.getFieldName()));
      } else if (r.getIndex() >= 0) {
        out.append('[').append(r.getIndex()).append(']');
      }
    }
    return out.toString();
  }

  /** "line 3, column 5", or "unknown position". */
  public static String location(JsonProcessingException e) {
    return e.getLocation() == null
        ? "unknown position"
        : "line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
  }
}
