package io.vfmigrate.model;

import java.util.Objects;

/**
 * The outcome of one check on one host (or pair of hosts, named {@code src,dst}). A warn or fail
 * always carries the fix: the exact command or action that resolves it.
 */
public record Finding(String id, String host, FindingStatus status, String detail, String fix) {
  public Finding {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(status, "status");
    detail = detail == null ? "" : detail;
    fix = fix == null ? "" : fix;
    if (status != FindingStatus.PASS && fix.isBlank()) {
      throw new IllegalArgumentException(
          "finding " + id + " is " + status.word() + " without a fix");
    }
  }

  public static Finding pass(String id, String host, String detail) {
    return new Finding(id, host, FindingStatus.PASS, detail, "");
  }

  public static Finding warn(String id, String host, String detail, String fix) {
    return new Finding(id, host, FindingStatus.WARN, detail, fix);
  }

  public static Finding fail(String id, String host, String detail, String fix) {
    return new Finding(id, host, FindingStatus.FAIL, detail, fix);
  }

  public boolean failed() {
    return status == FindingStatus.FAIL;
  }
}
