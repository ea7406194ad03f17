/*
 * statTree(root): every file (anything not a folder) under root with its lstat tuple, and every
 * folder, in two strings: "path\0dev:ino:size:mtimeNs:ctimeNs\0..." and "path\0...", paths relative
 * to root, in byte order of their UTF-8. The tuple is the one Node's lstatSync(path, { bigint: true }) gives
 * (src/output/tree-writer.ts statTuple). Node 20 builds a stats object with four Dates per lstat:
 * for the 58,104 files of a 1,000-cluster output this is three times as fast. A missing root is
 * empty; any other failure throws with the errno number as its code. statTree(root, true) gives
 * each file's inode number alone, as its folder's listing holds it, unsorted, and stats nothing: what the scan
 * needs to know which files of the spare are already dist's own.
 *
 * linkFiles(fromRoot, toRoot, paths): hard-links each path of "path\0path\0..." from fromRoot to
 * toRoot (whose folders exist) and returns the lstat tuple of each new link, "tuple\0..." in the same
 * order: a link changes the inode's ctime, and the run record needs it. A path the file system will
 * not link (EPERM, EXDEV, EMLINK, ENOTSUP, EOPNOTSUPP) gets an empty tuple: the caller copies it. Any
 * other failure throws with the errno number as its code. The scan's worker links the spare's 58,104
 * files this way in one call per chunk instead of a linkSync and a later lstat each.
 */
#define _GNU_SOURCE
#include <node_api.h>
#include <stdbool.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct {
  char *data;
  size_t len, cap;
} buffer;

static int append(buffer *b, const char *s, size_t n) {
  if (b->len + n > b->cap) {
    size_t cap = b->cap ? b->cap : 1 << 20;
    while (cap < b->len + n) cap *= 2;
    char *data = realloc(b->data, cap);
    if (!data) {
      errno = ENOMEM;
      return -1;
    }
    b->data = data;
    b->cap = cap;
  }
  memcpy(b->data + b->len, s, n);
  b->len += n;
  return 0;
}

#if defined(__APPLE__)
#define MTIME(st) ((st).st_mtimespec)
#define CTIME(st) ((st).st_ctimespec)
#else
#define MTIME(st) ((st).st_mtim)
#define CTIME(st) ((st).st_ctim)
#endif

#define TUPLE_SIZE 160

/* "dev:ino:size:mtimeNs:ctimeNs" into tuple (TUPLE_SIZE bytes); returns its length. */
static int format_tuple(const struct stat *st, char *tuple) {
  long long mtime = (long long)MTIME(*st).tv_sec * 1000000000LL + MTIME(*st).tv_nsec;
  long long ctime = (long long)CTIME(*st).tv_sec * 1000000000LL + CTIME(*st).tv_nsec;
  return snprintf(tuple, TUPLE_SIZE, "%llu:%llu:%lld:%lld:%lld", (unsigned long long)st->st_dev,
                  (unsigned long long)st->st_ino, (long long)st->st_size, mtime, ctime);
}

/* Lists the folder open at fd, whose path relative to the root is path[0..length); closes fd. */
static int walk(int fd, char *path, size_t length, buffer *files, buffer *folders, int inodes_only) {
  DIR *dir = fdopendir(fd);
  if (!dir) {
    int error = errno;
    close(fd);
    errno = error;
    return -1;
  }
  struct dirent *entry;
  for (;;) {
    errno = 0;
    entry = readdir(dir);
    if (!entry) break;
    const char *name = entry->d_name;
    if (name[0] == '.' && (name[1] == 0 || (name[1] == '.' && name[2] == 0))) continue;
    size_t name_length = strlen(name);
    size_t at = length ? length + 1 : 0;
    if (at + name_length + 1 > 4096) {
      closedir(dir);
      errno = ENAMETOOLONG;
      return -1;
    }
    if (length) path[length] = '/';
    memcpy(path + at, name, name_length + 1);
    size_t child_length = at + name_length;
    struct stat st;
    int is_folder = entry->d_type == DT_DIR;
    int statted = 0;
    if (entry->d_type == DT_UNKNOWN) {
      if (fstatat(dirfd(dir), name, &st, AT_SYMLINK_NOFOLLOW) != 0) goto failed;
      statted = 1;
      is_folder = S_ISDIR(st.st_mode);
    }
    if (is_folder) {
      if (append(folders, path, child_length + 1) != 0) goto failed;
      int child = openat(dirfd(dir), name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
      if (child < 0 || walk(child, path, child_length, files, folders, inodes_only) != 0) goto failed;
    } else {
      char tuple[TUPLE_SIZE];
      int n;
      if (inodes_only) {
        n = snprintf(tuple, sizeof tuple, "%llu", (unsigned long long)(statted ? st.st_ino : entry->d_ino));
      } else {
        if (!statted && fstatat(dirfd(dir), name, &st, AT_SYMLINK_NOFOLLOW) != 0) goto failed;
        n = format_tuple(&st, tuple);
      }
      if (append(files, path, child_length + 1) != 0 || append(files, tuple, (size_t)n + 1) != 0) goto failed;
    }
    path[length] = 0;
  }
  if (errno != 0) goto failed;
  closedir(dir);
  return 0;
failed: {
  int error = errno;
  closedir(dir);
  errno = error;
  return -1;
}
}

static int compare_paths(const void *a, const void *b) { return strcmp(*(const char *const *)a, *(const char *const *)b); }

/*
 * Sorts the records of b (each `fields` NUL-terminated strings, the first a path) by path, in byte
 * order: the order of JavaScript's `<` on the same paths unless one holds a character past U+FFFF
 * (the caller checks, and sorts again where it is not).
 */
static int sort_records(buffer *b, int fields) {
  size_t count = 0;
  for (size_t at = 0; at < b->len; at++)
    if (b->data[at] == 0) count++;
  count /= (size_t)fields;
  if (count < 2) return 0;
  const char **records = malloc(count * sizeof *records);
  char *sorted = malloc(b->len);
  if (!records || !sorted) {
    free(records);
    free(sorted);
    errno = ENOMEM;
    return -1;
  }
  const char *at = b->data;
  for (size_t k = 0; k < count; k++) {
    records[k] = at;
    for (int field = 0; field < fields; field++) at += strlen(at) + 1;
  }
  qsort(records, count, sizeof *records, compare_paths);
  size_t length = 0;
  for (size_t k = 0; k < count; k++) {
    const char *end = records[k];
    for (int field = 0; field < fields; field++) end += strlen(end) + 1;
    memcpy(sorted + length, records[k], (size_t)(end - records[k]));
    length += (size_t)(end - records[k]);
  }
  free(records);
  free(b->data);
  b->data = sorted;
  b->cap = b->len;
  return 0;
}

static napi_value StatTree(napi_env env, napi_callback_info info) {
  size_t argc = 2, length = 0;
  napi_value argv[2];
  char root[4096], path[4096];
  bool inodes_only = false;
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  if (argc < 1 || napi_get_value_string_utf8(env, argv[0], root, sizeof root, &length) != napi_ok || length >= sizeof root - 1 ||
      (argc > 1 && napi_get_value_bool(env, argv[1], &inodes_only) != napi_ok)) {
    napi_throw_type_error(env, NULL, "statTree(root, inodesOnly?) takes a path and a boolean");
    return NULL;
  }
  buffer files = {0}, folders = {0};
  path[0] = 0;
  int fd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0 && errno != ENOENT) goto failed;
  if (fd >= 0 && walk(fd, path, 0, &files, &folders, inodes_only) != 0) goto failed;
  if (!inodes_only && (sort_records(&files, 2) != 0 || sort_records(&folders, 1) != 0)) goto failed;
  napi_value result, file_text, folder_text;
  napi_create_array_with_length(env, 2, &result);
  napi_create_string_utf8(env, files.data ? files.data : "", files.len, &file_text);
  napi_create_string_utf8(env, folders.data ? folders.data : "", folders.len, &folder_text);
  napi_set_element(env, result, 0, file_text);
  napi_set_element(env, result, 1, folder_text);
  free(files.data);
  free(folders.data);
  return result;
failed: {
  char code[16];
  snprintf(code, sizeof code, "%d", errno);
  free(files.data);
  free(folders.data);
  napi_throw_error(env, code, "statTree failed");
  return NULL;
}
}

/* A JS string argument as a malloc'd UTF-8 copy (NULs inside kept), or NULL. */
static char *string_argument(napi_env env, napi_value value, size_t *length) {
  if (napi_get_value_string_utf8(env, value, NULL, 0, length) != napi_ok) return NULL;
  char *text = malloc(*length + 1);
  if (text && napi_get_value_string_utf8(env, value, text, *length + 1, length) != napi_ok) {
    free(text);
    return NULL;
  }
  return text;
}

static int link_refused(int error) {
  return error == EPERM || error == EXDEV || error == EMLINK || error == ENOTSUP || error == EOPNOTSUPP;
}

static napi_value LinkFiles(napi_env env, napi_callback_info info) {
  size_t argc = 3, from_length = 0, to_length = 0, paths_length = 0;
  napi_value argv[3];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  char *from = argc == 3 ? string_argument(env, argv[0], &from_length) : NULL;
  char *to = argc == 3 ? string_argument(env, argv[1], &to_length) : NULL;
  char *paths = argc == 3 ? string_argument(env, argv[2], &paths_length) : NULL;
  if (!from || !to || !paths) {
    free(from);
    free(to);
    free(paths);
    napi_throw_type_error(env, NULL, "linkFiles(fromRoot, toRoot, paths) takes three strings");
    return NULL;
  }
  buffer tuples = {0};
  int from_fd = open(from, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  int to_fd = from_fd < 0 ? -1 : open(to, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (to_fd < 0) goto failed;
  for (size_t at = 0; at < paths_length;) {
    const char *name = paths + at;
    size_t name_length = strlen(name);
    at += name_length + 1;
    char tuple[TUPLE_SIZE];
    int n = 0;
    struct stat st;
    if (linkat(from_fd, name, to_fd, name, 0) == 0) {
      if (fstatat(to_fd, name, &st, AT_SYMLINK_NOFOLLOW) != 0) goto failed;
      n = format_tuple(&st, tuple);
    } else if (!link_refused(errno)) {
      goto failed;
    }
    if (append(&tuples, tuple, (size_t)n) != 0 || append(&tuples, "", 1) != 0) goto failed;
  }
  close(from_fd);
  close(to_fd);
  free(from);
  free(to);
  free(paths);
  napi_value result;
  napi_create_string_utf8(env, tuples.data ? tuples.data : "", tuples.len, &result);
  free(tuples.data);
  return result;
failed: {
  int error = errno;
  char code[16];
  snprintf(code, sizeof code, "%d", error);
  if (from_fd >= 0) close(from_fd);
  if (to_fd >= 0) close(to_fd);
  free(from);
  free(to);
  free(paths);
  free(tuples.data);
  napi_throw_error(env, code, "linkFiles failed");
  return NULL;
}
}

NAPI_MODULE_INIT() {
  napi_value fn;
  napi_create_function(env, "statTree", NAPI_AUTO_LENGTH, StatTree, NULL, &fn);
  napi_set_named_property(env, exports, "statTree", fn);
  napi_create_function(env, "linkFiles", NAPI_AUTO_LENGTH, LinkFiles, NULL, &fn);
  napi_set_named_property(env, exports, "linkFiles", fn);
  return exports;
}
