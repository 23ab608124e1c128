# STAND-IN, NOT NIXPKGS.
#
# A small imitation of nixpkgs' `lib`: the module system (evalModules,
# mkOption, mkIf, mkMerge, priorities, submodules, freeform settings) and
# the option types and helpers that nixmodule/module.nix and the flake use.
# It exists so the module can be evaluated where nixpkgs is not available
# (CI on a plain Debian machine, see nixmodule/module_test.go). It follows
# nixpkgs' semantics for what the module uses, including type names and
# checks, conflicting definitions and `options.<path>.files`; it is not a
# replacement for nixpkgs. The real thing is checked by the flake's checks
# (module-eval and vm-test) on a machine with nixpkgs.
let
  inherit (builtins)
    all
    any
    attrNames
    concatLists
    concatMap
    concatStringsSep
    elem
    filter
    foldl'
    functionArgs
    genList
    head
    intersectAttrs
    isAttrs
    isBool
    isFloat
    isFunction
    isInt
    isList
    isPath
    isString
    length
    listToAttrs
    mapAttrs
    match
    replaceStrings
    stringLength
    substring
    tail
    toJSON
    ;

  # ---- lists, attribute sets, strings ------------------------------------

  id = x: x;
  optional = c: x: if c then [ x ] else [ ];
  optionals = c: xs: if c then xs else [ ];
  optionalString = c: s: if c then s else "";
  optionalAttrs = c: a: if c then a else { };
  unique = foldl' (acc: x: if elem x acc then acc else acc ++ [ x ]) [ ];
  imap1 = f: xs: genList (i: f (i + 1) (builtins.elemAt xs i)) (length xs);
  count = pred: xs: length (filter pred xs);
  nameValuePair = name: value: { inherit name value; };
  genAttrs = names: f: listToAttrs (map (n: nameValuePair n (f n)) names);
  filterAttrs =
    pred: set:
    listToAttrs (concatMap (n: optional (pred n set.${n}) (nameValuePair n set.${n})) (attrNames set));
  mapAttrsToList = f: set: map (n: f n set.${n}) (attrNames set);
  attrByPath =
    path: default: set:
    if path == [ ] then
      set
    else if isAttrs set && set ? ${head path} then
      attrByPath (tail path) default set.${head path}
    else
      default;
  recursiveUpdate =
    a: b:
    a
    // mapAttrs (
      n: v: if isAttrs v && isAttrs (a.${n} or null) && !isDerivation v then recursiveUpdate a.${n} v else v
    ) b;
  isDerivation = x: isAttrs x && (x.type or null) == "derivation";
  isStringLike = x: isString x || isPath x || (isAttrs x && x ? outPath);
  isStorePath =
    x:
    isStringLike x
    && (
      let
        s = toString x;
      in
      hasPrefix "${builtins.storeDir}/" s && match "[^/]+" (substring (stringLength builtins.storeDir + 1) (-1) s) != null
    );

  hasPrefix = p: s: substring 0 (stringLength p) s == p;
  hasSuffix =
    suf: s:
    let
      ls = stringLength s;
      lf = stringLength suf;
    in
    lf <= ls && substring (ls - lf) lf s == suf;
  hasInfix =
    inf: s:
    let
      li = stringLength inf;
      ls = stringLength s;
    in
    any (i: substring i li s == inf) (genList id (if ls >= li then ls - li + 1 else 0));
  removePrefix = p: s: if hasPrefix p s then substring (stringLength p) (-1) s else s;
  removeSuffix =
    suf: s: if hasSuffix suf s then substring 0 (stringLength s - stringLength suf) s else s;
  concatMapStringsSep = sep: f: xs: concatStringsSep sep (map f xs);
  escapeShellArg =
    arg:
    let
      s = toString arg;
    in
    if match "[[:alnum:],._+:@%/-]+" s != null then s else "'${replaceStrings [ "'" ] [ "'\\''" ] s}'";
  escapeShellArgs = xs: concatStringsSep " " (map escapeShellArg xs);
  versionAtLeast = a: b: builtins.compareVersions a b >= 0;
  versionOlder = a: b: builtins.compareVersions a b < 0;
  makeBinPath = pkgs: concatMapStringsSep ":" (p: "${p}/bin") pkgs;
  getExe = p: "${p}/bin/${p.meta.mainProgram or p.pname or p.name}";

  # ---- sources ----------------------------------------------------------

  cleanSourceFilter =
    name: type:
    let
      b = baseNameOf (toString name);
    in
    !(
      (type == "directory" && elem b [ ".git" ".svn" ".hg" "CVS" ])
      || hasSuffix "~" b
      || match "^\\.sw[a-z]$" b != null
      || match "^\\..*\\.sw[a-z]$" b != null
      || hasSuffix ".o" b
      || hasSuffix ".so" b
      || (type == "symlink" && hasPrefix "result" b)
    );
  cleanSourceWith =
    {
      src,
      filter ? (_: _: true),
      name ? null,
    }:
    let
      orig = src.origSrc or src;
      parentFilter = src.filter or (_: _: true);
      both = path: type: parentFilter path type && filter path type;
      n = if name != null then name else src.name or "source";
    in
    {
      _isLibCleanSourceWith = true;
      origSrc = orig;
      filter = both;
      name = n;
      outPath = builtins.path {
        path = orig;
        name = n;
        filter = both;
      };
    };
  cleanSource =
    src:
    cleanSourceWith {
      filter = cleanSourceFilter;
      inherit src;
    };

  # ---- documentation values ---------------------------------------------

  literalExpression = text: {
    _type = "literalExpression";
    inherit text;
  };
  literalMD = text: {
    _type = "literalMD";
    inherit text;
  };

  # ---- definitions and their properties ---------------------------------

  mkIf = condition: content: {
    _type = "if";
    inherit condition content;
  };
  mkMerge = contents: {
    _type = "merge";
    inherit contents;
  };
  mkOverride = priority: content: {
    _type = "override";
    inherit priority content;
  };
  mkOptionDefault = mkOverride 1500;
  mkDefault = mkOverride 1000;
  mkForce = mkOverride 50;
  mkVMOverride = mkOverride 10;
  mkOrder = priority: content: {
    _type = "order";
    inherit priority content;
  };
  mkBefore = mkOrder 500;
  mkAfter = mkOrder 1500;
  defaultPriority = 100;

  showOption = loc: concatStringsSep "." loc;
  showFiles = files: concatMapStringsSep ", " (f: "`${toString f}'") files;

  # An item is one definition with its enclosing properties taken off:
  # { file, conds (unevaluated mkIf conditions), prio, value }.
  # Conditions stay unevaluated until a value is needed, so an attribute
  # name under `mkIf cfg.enable` is known without evaluating cfg.enable,
  # as in nixpkgs.
  flatten =
    file: conds: prio: v:
    let
      t = if isAttrs v then v._type or null else null;
    in
    if t == "merge" then
      concatMap (flatten file conds prio) v.contents
    else if t == "if" then
      flatten file (conds ++ [ v.condition ]) prio v.content
    else if t == "override" then
      flatten file conds (if prio == null then v.priority else prio) v.content
    else if t == "order" then
      flatten file conds prio v.content
    else
      [
        {
          # null until a leaf: an mkOverride further down still counts.
          inherit file conds prio;
          value = v;
        }
      ];

  isPlainAttrs = v: isAttrs v && !(v ? _type) && !isDerivation v && !(v ? outPath);

  childItems =
    name: items:
    concatMap (
      it:
      if isPlainAttrs it.value && it.value ? ${name} then
        flatten it.file it.conds it.prio it.value.${name}
      else
        [ ]
    ) items;

  isActive = it: all id it.conds;

  prioOf = it: if it.prio == null then defaultPriority else it.prio;

  # The definitions that count: active ones of the best (lowest) priority.
  winners =
    items:
    let
      active = filter isActive items;
      best = foldl' (m: it: if prioOf it < m then prioOf it else m) 100000 active;
    in
    filter (it: prioOf it == best) active;

  # ---- option types ------------------------------------------------------

  mkOptionType =
    {
      name,
      description ? name,
      check ? (_: true),
      merge ? mergeEqualOption,
      nestedTypes ? { },
      ...
    }@attrs:
    attrs
    // {
      _type = "option-type";
      inherit
        name
        description
        check
        merge
        nestedTypes
        ;
    };

  showDefs = defs: concatMapStringsSep "\n" (d: "- In `${d.file}': ${toJSON d.value}") defs;

  mergeEqualOption =
    loc: defs:
    let
      first = head defs;
    in
    if defs == [ ] then
      throw "The option `${showOption loc}' has no definitions."
    else if all (d: d.value == first.value) defs then
      first.value
    else
      throw "The option `${showOption loc}' has conflicting definition values:\n${showDefs defs}";

  # Merges values that no type was declared for, as nixpkgs' JSON value
  # type does: attribute sets by name, lists by concatenation, anything
  # else must be equal.
  genericMerge =
    loc: defs:
    let
      vals = map (d: d.value) defs;
    in
    if defs == [ ] then
      throw "The option `${showOption loc}' has no definitions."
    else if all isList vals then
      concatLists vals
    else if all isPlainAttrs vals then
      (genericNode loc (concatMap (d: flatten d.file [ ] null d.value) defs)).value
    else
      mergeEqualOption loc defs;

  # Checks each definition against the type, then merges.
  mergeDefinitions =
    loc: type: defs:
    let
      bad = filter (d: !type.check d.value) defs;
    in
    if bad != [ ] then
      throw "A definition for option `${showOption loc}' is not of type `${type.description}'. Definition values:\n${showDefs bad}"
    else
      type.merge loc defs;

  ints = rec {
    between =
      lo: hi:
      mkOptionType {
        name = "intBetween";
        description = "integer between ${toString lo} and ${toString hi} (both inclusive)";
        check = x: isInt x && x >= lo && x <= hi;
      };
    unsign =
      bit: range:
      between 0 (range - 1)
      // {
        name = "unsignedInt${toString bit}";
        description = "${toString bit} bit unsigned integer; between 0 and ${toString (range - 1)} (both inclusive)";
      };
    u16 = unsign 16 65536;
    unsigned = mkOptionType {
      name = "unsignedInt";
      description = "unsigned integer, meaning >=0";
      check = x: isInt x && x >= 0;
    };
    positive = mkOptionType {
      name = "positiveInt";
      description = "positive integer, meaning >0";
      check = x: isInt x && x > 0;
    };
  };

  types = rec {
    inherit ints;

    unspecified = mkOptionType {
      name = "unspecified";
      merge = genericMerge;
    };
    anything = unspecified // {
      name = "anything";
    };
    bool = mkOptionType {
      name = "bool";
      description = "boolean";
      check = isBool;
    };
    int = mkOptionType {
      name = "int";
      description = "signed integer";
      check = isInt;
    };
    port = ints.u16;
    str = mkOptionType {
      name = "str";
      description = "string";
      check = isString;
    };
    nonEmptyStr = mkOptionType {
      name = "nonEmptyStr";
      description = "non-empty string";
      check = x: isString x && match "[ \t\n]*" x == null;
    };
    lines = mkOptionType {
      name = "lines";
      description = "strings concatenated with \"\\n\"";
      check = isString;
      merge = loc: defs: concatStringsSep "\n" (map (d: d.value) defs);
    };
    strMatching =
      pattern:
      mkOptionType {
        name = "strMatching ${toJSON pattern}";
        description = "string matching the pattern ${pattern}";
        check = x: isString x && match pattern x != null;
      };
    path = mkOptionType {
      name = "path";
      description = "path";
      check = x: isStringLike x && substring 0 1 (toString x) == "/";
    };
    package = mkOptionType {
      name = "package";
      description = "package";
      check = x: isDerivation x || isStorePath x;
    };
    enum =
      values:
      mkOptionType {
        name = "enum";
        description = "one of ${concatMapStringsSep ", " toJSON values}";
        check = x: elem x values;
        functor.payload = values;
      };
    nullOr =
      elemType:
      mkOptionType {
        name = "nullOr";
        description = "null or ${elemType.description}";
        check = x: x == null || elemType.check x;
        merge =
          loc: defs:
          let
            nulls = count (d: d.value == null) defs;
          in
          if nulls == length defs then
            null
          else if nulls != 0 then
            throw "The option `${showOption loc}' is defined both null and not null, in ${showFiles (map (d: d.file) defs)}."
          else
            elemType.merge loc defs;
        nestedTypes.elemType = elemType;
      };
    listOf =
      elemType:
      mkOptionType {
        name = "listOf";
        description = "list of ${elemType.description}";
        check = isList;
        merge =
          loc: defs:
          concatLists (
            imap1 (
              n: d:
              imap1 (
                m: el:
                mergeDefinitions (loc ++ [ "[definition ${toString n}-entry ${toString m}]" ]) elemType [
                  {
                    inherit (d) file;
                    value = el;
                  }
                ]
              ) d.value
            ) defs
          );
        nestedTypes.elemType = elemType;
      };
    nonEmptyListOf =
      elemType:
      listOf elemType
      // {
        description = "non-empty list of ${elemType.description}";
        check = x: isList x && x != [ ];
      };
    attrsOf =
      elemType:
      mkOptionType {
        name = "attrsOf";
        description = "attribute set of ${elemType.description}";
        check = isAttrs;
        merge =
          loc: defs:
          let
            items = concatMap (d: flatten d.file [ ] null d.value) defs;
            names = unique (concatMap (it: if isAttrs it.value then attrNames it.value else [ ]) items);
          in
          listToAttrs (
            concatMap (
              n:
              let
                ws = winners (childItems n items);
              in
              optional (ws != [ ]) (nameValuePair n (mergeDefinitions (loc ++ [ n ]) elemType ws))
            ) names
          );
        nestedTypes.elemType = elemType;
      };
    either =
      t1: t2:
      mkOptionType {
        name = "either";
        description = "${t1.description} or ${t2.description}";
        check = x: t1.check x || t2.check x;
        merge =
          loc: defs:
          if all (d: t1.check d.value) defs then
            t1.merge loc defs
          else if all (d: t2.check d.value) defs then
            t2.merge loc defs
          else
            mergeEqualOption loc defs;
        nestedTypes = {
          left = t1;
          right = t2;
        };
      };
    oneOf = ts: foldl' either (head ts) (tail ts);
    addCheck = t: c: t // { check = x: t.check x && c x; };
    submodule =
      module:
      mkOptionType {
        name = "submodule";
        description = "submodule";
        check = x: isAttrs x || isFunction x;
        merge =
          loc: defs:
          (evalModules {
            prefix = loc;
            modules = [ module ] ++ map (
              d:
              if isFunction d.value then
                d.value
              else
                {
                  _file = d.file;
                  config = d.value;
                }
            ) defs;
          }).config;
        getSubOptions =
          prefix:
          (evalModules {
            inherit prefix;
            modules = [ module ];
          }).options;
      };
    # nixpkgs' JSON value type (pkgs.formats.json { }.type) is a nullOr of
    # bool, int, float, str, path, attrsOf and listOf itself.
    jsonValue =
      let
        ok =
          x:
          x == null
          || isBool x
          || isInt x
          || isFloat x
          || isString x
          || isPath x
          || (isList x && all ok x)
          || (isPlainAttrs x);
      in
      mkOptionType {
        name = "nullOr";
        description = "JSON value";
        check = ok;
        merge = genericMerge;
      };
  };

  mkOption =
    attrs:
    {
      type = types.unspecified;
    }
    // attrs
    // {
      _type = "option";
    };

  mkEnableOption =
    name:
    mkOption {
      type = types.bool;
      default = false;
      example = true;
      description = "Whether to enable ${name}.";
    };

  isOption = x: isAttrs x && (x._type or null) == "option";

  # ---- evaluation --------------------------------------------------------

  structuredKeys = [
    "options"
    "config"
    "imports"
    "freeformType"
    "_file"
    "key"
    "meta"
    "disabledModules"
  ];

  # Loads a module (a path, a function or an attribute set) and its
  # imports into a list of { file, options, config, freeformType }.
  collect =
    args: file: m:
    let
      fromPath = isPath m || isString m;
      file1 = if fromPath then toString m else file;
      raw = if fromPath then import m else m;
      v = if isFunction raw then raw (intersectAttrs (functionArgs raw) args) else raw;
      file2 = v._file or file1;
      structured = v ? options || v ? config || v ? freeformType;
      this = {
        file = file2;
        options = v.options or { };
        config = if structured then v.config or { } else removeAttrs v structuredKeys;
        freeformType = v.freeformType or null;
      };
    in
    [ this ] ++ concatMap (collect args file2) (v.imports or [ ]);

  mergeDecls =
    loc: a: b:
    a
    // mapAttrs (
      n: v:
      if !(a ? ${n}) then
        v
      else if isOption v || isOption a.${n} then
        throw "The option `${showOption (loc ++ [ n ])}' is declared twice."
      else
        mergeDecls (loc ++ [ n ]) a.${n} v
    ) b;

  # The value of a declared option from its definitions and default.
  evalOption =
    loc: opt: items:
    let
      all' = items ++ optional (opt ? default) {
        file = "<default of ${showOption loc}>";
        conds = [ ];
        prio = 1500;
        value = opt.default;
      };
      defs = winners all';
      isDefined = defs != [ ];
      merged = mergeDefinitions loc opt.type defs;
    in
    opt
    // {
      inherit loc isDefined;
      files = map (d: d.file) defs;
      definitions = map (d: d.value) defs;
      value =
        if !isDefined then
          throw "The option `${showOption loc}' is used but not defined."
        else if opt ? apply then
          opt.apply merged
        else
          merged;
    };

  # A place no option was declared for: with a freeform type (the
  # stand-in NixOS, where nixpkgs' own options are not declared, and
  # `settings`) its definitions merge as JSON values do. The result is a
  # leaf record (with value and files, like an option) or an attribute set
  # of children; `.value` gives the plain value either way.
  genericNode =
    loc: items:
    let
      active = filter isActive items;
      allAttrs = active != [ ] && all (it: isPlainAttrs it.value) active;
      names = unique (concatMap (it: attrNames it.value) active);
      children = genAttrs names (n: genericNode (loc ++ [ n ]) (childItems n active));
      ws = winners items;
    in
    # A place whose every definition is off (mkIf false) is an empty set.
    if allAttrs || active == [ ] then
      {
        _type = "node";
        inherit children;
        value = mapAttrs (_: c: c.value) children;
      }
    else
      {
        _type = "genericLeaf";
        inherit loc;
        isDefined = ws != [ ];
        files = map (d: d.file) ws;
        definitions = map (d: d.value) ws;
        value =
          if ws == [ ] then
            throw "The option `${showOption loc}' is used but not defined."
          else
            genericMerge loc ws;
      };

  # A place with declared options below it: its attribute names are the
  # declared ones plus the names any definition uses. With `lazy` (the
  # stand-in NixOS, where everything lives in one tree) they are found
  # without evaluating a single mkIf condition, so config can refer to
  # itself; a name whose definitions are all off then holds an empty set.
  # Otherwise (a submodule's freeform settings) such names are dropped, as
  # nixpkgs drops them.
  node =
    loc: decls: items: freeform:
    if isOption decls then
      evalOption loc decls items
    else
      let
        defined = unique (
          concatMap (it: if isPlainAttrs it.value then attrNames it.value else [ ]) items
        );
        undeclared = filter (
          n: !(decls ? ${n}) && (freeform == null || freeform.lazy || any isActive (childItems n items))
        ) defined;
        children =
          mapAttrs (n: d: node (loc ++ [ n ]) d (childItems n items) freeform) decls
          // genAttrs undeclared (
            n:
            if freeform != null then
              genericNode (loc ++ [ n ]) (childItems n items)
            else
              throw "The option `${showOption (loc ++ [ n ])}' does not exist. Definition values:\n${
                showDefs (filter isActive (childItems n items))
              }"
          );
      in
      {
        _type = "node";
        inherit children;
        value = mapAttrs (_: c: c.value) children;
      };

  # The options tree: option records (and leaf records where no option
  # is declared) in nested attribute sets, as `options` is in nixpkgs.
  optionsOf = n: if n._type == "node" then mapAttrs (_: optionsOf) n.children else n;

  evalModules =
    {
      modules,
      specialArgs ? { },
      prefix ? [ ],
      # The type of values defined where no option is declared; null
      # makes such a definition an error, as in nixpkgs.
      freeformType ? null,
    }:
    let
      args = specialArgs // {
        inherit lib config options;
      };
      collected = concatMap (collect args "<unknown-file>") modules;
      decls = foldl' (mergeDecls prefix) { } (map (m: m.options) collected);
      freeform = foldl' (
        acc: m:
        if m.freeformType != null then
          {
            type = m.freeformType;
            lazy = false;
          }
        else
          acc
      ) (if freeformType != null then { type = freeformType; lazy = true; } else null) collected;
      items = concatMap (m: flatten m.file [ ] null m.config) collected;
      tree = node prefix decls items freeform;
      config = tree.value;
      options = optionsOf tree;
    in
    {
      inherit config options;
    };

  lib = {
    inherit
      id
      optional
      optionals
      optionalString
      optionalAttrs
      unique
      imap1
      count
      nameValuePair
      genAttrs
      filterAttrs
      mapAttrsToList
      attrByPath
      recursiveUpdate
      isDerivation
      isStringLike
      isStorePath
      hasPrefix
      hasSuffix
      hasInfix
      removePrefix
      removeSuffix
      concatMapStringsSep
      escapeShellArg
      escapeShellArgs
      versionAtLeast
      versionOlder
      makeBinPath
      getExe
      cleanSourceFilter
      cleanSourceWith
      cleanSource
      literalExpression
      literalMD
      mkIf
      mkMerge
      mkOverride
      mkOptionDefault
      mkDefault
      mkForce
      mkVMOverride
      mkOrder
      mkBefore
      mkAfter
      mkOptionType
      mergeEqualOption
      types
      mkOption
      mkEnableOption
      isOption
      showOption
      evalModules
      ;
    inherit (builtins)
      all
      any
      attrNames
      attrValues
      concatLists
      concatMap
      concatStringsSep
      elem
      filter
      foldl'
      head
      isAttrs
      isList
      isString
      length
      mapAttrs
      tail
      toJSON
      ;
    trivial.release = "stand-in";
    # Marks this lib for tests that must know which one they have.
    isStandIn = true;
  };
in
lib
