# renraku_add_plugin(<name> [REGISTRY_KIT] SOURCES <files>...)
#
# Builds a renraku contact source as a loadable module named <name>.so, with hidden visibility
# (only the two entry points of RENRAKU_PLUGIN are exported) and links it to the SDK, and with
# REGISTRY_KIT to the registry kit (whois/RDAP readers, registry source classes) too.
function(renraku_add_plugin name)
  cmake_parse_arguments(ARG "REGISTRY_KIT" "OUTPUT_DIRECTORY" "SOURCES" ${ARGN})
  add_library(${name} MODULE ${ARG_SOURCES})
  set_target_properties(${name} PROPERTIES
    PREFIX ""
    CXX_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON)
  if(ARG_OUTPUT_DIRECTORY)
    set_target_properties(${name} PROPERTIES LIBRARY_OUTPUT_DIRECTORY ${ARG_OUTPUT_DIRECTORY})
  endif()
  if(TARGET Renraku::sdk)
    target_link_libraries(${name} PRIVATE Renraku::sdk)
  else()
    target_link_libraries(${name} PRIVATE renraku_sdk)
  endif()
  if(ARG_REGISTRY_KIT)
    if(TARGET Renraku::registry)
      target_link_libraries(${name} PRIVATE Renraku::registry)
    else()
      target_link_libraries(${name} PRIVATE renraku_registry)
    endif()
  endif()
  target_compile_features(${name} PRIVATE cxx_std_20)
endfunction()
