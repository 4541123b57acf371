package io.vfmigrate.workflow.preflight;

import io.vfmigrate.model.Finding;
import java.util.List;
import java.util.Optional;

/** {@code firmware-match}: both hosts run the same firmware version (RHEL 10, NVIDIA). */
final class FirmwareMatchCheck implements PairCheck {
  static final String ID = "firmware-match";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public Finding check(HostProbe a, HostProbe b) {
    String pair = a.name() + "," + b.name();
    var fa = a.firmware().running();
    var fb = b.firmware().running();
    if (fa.equals(fb)) {
      return Finding.pass(ID, pair, "both run firmware " + fa);
    }
    var newer = fa.compareTo(fb) > 0 ? a : b;
    var older = newer == a ? b : a;
    String detail =
        a.name()
            + " runs "
            + fa
            + ", "
            + b.name()
            + " runs "
            + fb
            + "; VF state can only move between identical firmware";
    for (HostProbe p : List.of(a, b)) {
      Optional<String> other = NicModelCheck.otherModel(p);
      if (other.isPresent()) {
        return Finding.fail(
            ID,
            pair,
            detail + "; " + p.name() + "'s PF is a " + other.get() + " (see nic-model)",
            NicModelCheck.USE_CONNECTX_7 + " on " + p.name());
      }
    }
    if (older.firmware().nextBoot().equals(newer.firmware().running())) {
      return Finding.fail(
          ID,
          pair,
          detail
              + "; "
              + older.name()
              + " has "
              + newer.firmware().running()
              + " flashed already, not yet running",
          "on " + older.name() + ": " + FirmwareVersionCheck.activate(older, older.firmware()));
    }
    return Finding.fail(
        ID,
        pair,
        detail,
        "flash "
            + older.name()
            + " with firmware "
            + newer.firmware().running()
            + " (mstflint -d "
            + older.pf()
            + " -i FIRMWARE.bin burn) and reboot it");
  }
}
