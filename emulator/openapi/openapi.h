// The emulator's OpenAPI 3.1 description, docs/openapi.yaml (the source of
// truth, written by hand), compiled into the binary and served as JSON at
// GET /_sandbox/openapi.json.
//
// YamlToJson converts the YAML subset an OpenAPI document uses (block and
// flow maps and sequences, plain and quoted scalars, block scalars) with the
// YAML 1.2 core schema: a plain scalar null/~/empty is null, true/false a
// boolean, an integer or a float a number, anything else a string; a quoted
// scalar is always a string. Anchors and aliases are resolved by yaml-cpp.
// Errors: malformed YAML, or a mapping key that is not a scalar, as an Error
// naming the line.
// Thread safety: pure functions.
#pragma once

#include <nlohmann/json.hpp>
#include <string_view>

#include "emulator/http/router.h"
#include "emulator/status.h"

namespace revento::emulator::openapi {

Result<nlohmann::json> YamlToJson(std::string_view yaml_text);

// docs/openapi.yaml as the binary holds it.
std::string_view OpenApiYaml();

// The document as JSON text (the caller converts it once, on first use: the
// conversion takes milliseconds).
Result<std::string> OpenApiJsonText();

// GET /_sandbox/openapi.json: 200 application/json, the given text.
void SendOpenApi(http::RequestContext& ctx, const std::string& json_text);

}  // namespace revento::emulator::openapi
