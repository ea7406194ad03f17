/*
 * exchange(a, b): atomically swaps two paths (Linux renameat2 RENAME_EXCHANGE, macOS renamex_np
 * RENAME_SWAP). Node has no binding for it; without it, replacing a directory takes two renames
 * with a moment in between where the directory does not exist.
 */
#define _GNU_SOURCE
#include <node_api.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>
#if defined(__linux__)
#include <sys/syscall.h>
#ifndef RENAME_EXCHANGE
#define RENAME_EXCHANGE (1 << 1)
#endif
static int swap_paths(const char *a, const char *b) { return (int)syscall(SYS_renameat2, AT_FDCWD, a, AT_FDCWD, b, RENAME_EXCHANGE); }
#elif defined(__APPLE__)
#include <stdio.h>
static int swap_paths(const char *a, const char *b) { return renamex_np(a, b, RENAME_SWAP); }
#else
static int swap_paths(const char *a, const char *b) { (void)a; (void)b; errno = ENOSYS; return -1; }
#endif

static napi_value Exchange(napi_env env, napi_callback_info info) {
  size_t argc = 2, len = 0;
  napi_value argv[2];
  char a[4096], b[4096];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  if (argc < 2 ||
      napi_get_value_string_utf8(env, argv[0], a, sizeof a, &len) != napi_ok || len >= sizeof a - 1 ||
      napi_get_value_string_utf8(env, argv[1], b, sizeof b, &len) != napi_ok || len >= sizeof b - 1) {
    napi_throw_type_error(env, NULL, "exchange(a, b) takes two paths");
    return NULL;
  }
  if (swap_paths(a, b) != 0) {
    /* The caller maps the errno number to its name. */
    char code[16];
    snprintf(code, sizeof code, "%d", errno);
    napi_throw_error(env, code, "atomic exchange failed");
  }
  return NULL;
}

NAPI_MODULE_INIT() {
  napi_value fn;
  napi_create_function(env, "exchange", NAPI_AUTO_LENGTH, Exchange, NULL, &fn);
  napi_set_named_property(env, exports, "exchange", fn);
  return exports;
}
