package io.vfmigrate.tools.kernel;

import java.util.List;
import java.util.Optional;

/**
 * What {@code modinfo MODULE} says about a kernel module. {@code depends} is the comma-separated
 * list split into names (empty when the module depends on nothing); {@code aliases} are all the
 * {@code alias:} lines in order, e.g. {@code vfio_pci:v000015B3d0000101Esv*sd*bc*sc*i*} for
 * mlx5_vfio_pci.
 */
public record ModuleInfo(
    String filename,
    Optional<String> name,
    Optional<String> description,
    List<String> aliases,
    List<String> depends,
    Optional<String> vermagic) {
  public ModuleInfo {
    aliases = List.copyOf(aliases);
    depends = List.copyOf(depends);
  }

  /** True when the module is built into the kernel (modinfo prints {@code filename: (builtin)}). */
  public boolean builtin() {
    return filename.equals("(builtin)");
  }
}
