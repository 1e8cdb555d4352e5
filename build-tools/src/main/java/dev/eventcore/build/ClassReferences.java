package dev.eventcore.build;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads which classes a compiled class refers to, from its constant pool: the classes it names
 * (calls, fields, casts, {@code new}) and every type in its descriptors and generic signatures
 * (parameters, returns, fields, annotations). Compile-time constants that javac inlined, and types
 * named only in javadoc, leave no trace; everything code can use does.
 */
final class ClassReferences {
  /** A class name in a descriptor or signature: {@code Ljava/util/List;} or {@code Lp/Q<}. */
  private static final Pattern IN_DESCRIPTOR =
      Pattern.compile("L([A-Za-z_$][\\w$]*(?:/[A-Za-z_$][\\w$]*)+)[;<]");

  private ClassReferences() {}

  /**
   * Every class under {@code root} (a classes directory), by binary name ({@code a.b.C$D}), with
   * the binary names of the classes it refers to (itself excluded). {@code module-info} is left
   * out.
   */
  static Map<String, Set<String>> scan(Path root) {
    Map<String, Set<String>> all = new TreeMap<>();
    try (Stream<Path> files = Files.walk(root)) {
      List<Path> classes = files.filter(f -> f.toString().endsWith(".class"))
          .filter(f -> !f.getFileName().toString().equals("module-info.class")).toList();
      for (Path file : classes) {
        String name = root.relativize(file).toString().replace(file.getFileSystem().getSeparator(),
            ".");
        name = name.substring(0, name.length() - ".class".length());
        all.put(name, of(Files.readAllBytes(file)));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the classes under " + root, e);
    }
    return all;
  }

  /** The binary names of the classes one class file refers to, itself excluded. */
  static Set<String> of(byte[] classFile) {
    try {
      return read(new DataInputStream(new ByteArrayInputStream(classFile)));
    } catch (IOException e) {
      throw new IllegalArgumentException("not a readable class file: " + e, e);
    }
  }

  private static Set<String> read(DataInputStream in) throws IOException {
    if (in.readInt() != 0xCAFEBABE) {
      throw new IOException("no class file magic number");
    }
    in.readUnsignedShort(); // minor version
    in.readUnsignedShort(); // major version
    int count = in.readUnsignedShort();
    String[] utf8 = new String[count];
    int[] classEntries = new int[count]; // pool index of a class entry -> index of its name
    BitSet literals = new BitSet(count); // text of string literals: not type names
    for (int i = 1; i < count; i++) {
      int tag = in.readUnsignedByte();
      switch (tag) {
        case 1 -> utf8[i] = in.readUTF();
        case 7 -> classEntries[i] = in.readUnsignedShort();
        case 8 -> literals.set(in.readUnsignedShort());
        case 16, 19, 20 -> in.skipNBytes(2);
        case 15 -> in.skipNBytes(3);
        case 3, 4, 9, 10, 11, 12, 17, 18 -> in.skipNBytes(4);
        case 5, 6 -> {
          in.skipNBytes(8);
          i++; // a long or double takes two entries
        }
        default -> throw new IOException("unknown constant pool tag " + tag + " at entry " + i);
      }
    }
    in.readUnsignedShort(); // access flags
    String self = utf8[classEntries[in.readUnsignedShort()]];
    Set<String> found = new TreeSet<>();
    BitSet names = new BitSet(count);
    for (int index : classEntries) {
      if (index == 0) {
        continue;
      }
      names.set(index);
      String name = utf8[index];
      if (name.startsWith("[")) {
        addDescriptorTypes(name, found);
      } else {
        found.add(name.replace('/', '.'));
      }
    }
    for (int i = 1; i < count; i++) {
      if (utf8[i] != null && !names.get(i) && !literals.get(i)) {
        addDescriptorTypes(utf8[i], found);
      }
    }
    found.remove(self.replace('/', '.'));
    return found;
  }

  private static void addDescriptorTypes(String text, Set<String> found) {
    Matcher m = IN_DESCRIPTOR.matcher(text);
    while (m.find()) {
      found.add(m.group(1).replace('/', '.'));
    }
  }
}
