# renraku_add_plugin(<name> SOURCES <files>...)
#
# Builds a renraku contact source as a loadable module named <name>.so, with hidden visibility
# (only the two entry points of RENRAKU_PLUGIN are exported) and links it to the SDK.
function(renraku_add_plugin name)
  cmake_parse_arguments(ARG "" "OUTPUT_DIRECTORY" "SOURCES" ${ARGN})
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
  target_compile_features(${name} PRIVATE cxx_std_20)
endfunction()
