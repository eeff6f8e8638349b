int renraku_not_a_plugin_marker() {
    return 42;
}
