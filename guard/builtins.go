package guard

import "sync"

// builtinNames lists the Nix builtins (Nix 2.8 plus those added up to 2.2x);
// each is bound in the global scope as __<name>. Kept in sync by
// TestBuiltinNamesCoverNix, which asks the installed Nix. Built on first
// use, like the other tables here: not every ask-nix run checks a name.
var builtinNames = sync.OnceValue(func() map[string]bool {
	return map[string]bool{
		"abort": true, "add": true, "addDrvOutputDependencies": true,
		"addErrorContext": true, "all": true, "any": true, "appendContext": true,
		"attrNames": true, "attrValues": true, "baseNameOf": true, "bitAnd": true,
		"bitOr": true, "bitXor": true, "break": true, "builtins": true,
		"catAttrs": true, "ceil": true, "compareVersions": true,
		"concatLists": true, "concatMap": true, "concatStringsSep": true,
		"convertHash": true, "currentSystem": true, "currentTime": true,
		"deepSeq": true, "derivation": true, "derivationStrict": true,
		"dirOf": true, "div": true, "elem": true, "elemAt": true, "exec": true,
		"false": true, "fetchClosure": true, "fetchFinalTree": true,
		"fetchGit": true, "fetchMercurial": true, "fetchTarball": true,
		"fetchTree": true, "fetchurl": true, "filter": true, "filterSource": true,
		"findFile": true, "flakeRefToString": true, "floor": true, "foldl'": true,
		"fromJSON": true, "fromTOML": true, "functionArgs": true, "genList": true,
		"genericClosure": true, "getAttr": true, "getContext": true,
		"getEnv": true, "getFlake": true, "groupBy": true, "hasAttr": true,
		"hasContext": true, "hashFile": true, "hashString": true, "head": true,
		"import": true, "importNative": true, "intersectAttrs": true,
		"isAttrs": true, "isBool": true, "isFloat": true, "isFunction": true,
		"isInt": true, "isList": true, "isNull": true, "isPath": true,
		"isString": true, "langVersion": true, "length": true, "lessThan": true,
		"listToAttrs": true, "map": true, "mapAttrs": true, "match": true,
		"mul": true, "nixPath": true, "nixVersion": true, "null": true,
		"outputOf": true, "parseDrvName": true, "parseFlakeRef": true,
		"partition": true, "path": true, "pathExists": true, "placeholder": true,
		"readDir": true, "readFile": true, "removeAttrs": true,
		"replaceStrings": true, "scopedImport": true, "seq": true, "sort": true,
		"split": true, "splitVersion": true, "storeDir": true, "storePath": true,
		"stringLength": true, "sub": true, "substring": true, "tail": true,
		"throw": true, "toFile": true, "toJSON": true, "toPath": true,
		"toString": true, "toXML": true, "trace": true, "traceVerbose": true,
		"true": true, "tryEval": true, "typeOf": true,
		"unsafeDiscardOutputDependency": true, "unsafeDiscardStringContext": true,
		"unsafeGetAttrPos": true, "warn": true, "zipAttrsWith": true,
	}
})
