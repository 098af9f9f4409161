/* Counts the events libyaml's parser produces for every file below a folder, on one core.
   Used by bench/parsers.sh to compare YAML parsers on the same files. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

static long events = 0, files = 0;

static void parse_file(const char* path) {
  FILE* f = fopen(path, "rb");
  if (!f) return;
  fseek(f, 0, SEEK_END);
  long size = ftell(f);
  fseek(f, 0, SEEK_SET);
  unsigned char* text = malloc((size_t)size + 1);
  size_t got = fread(text, 1, (size_t)size, f);
  fclose(f);
  yaml_parser_t parser;
  yaml_event_t event;
  yaml_parser_initialize(&parser);
  yaml_parser_set_input_string(&parser, text, got);
  for (;;) {
    if (!yaml_parser_parse(&parser, &event)) {
      fprintf(stderr, "%s: %s\n", path, parser.problem);
      break;
    }
    int type = event.type;
    ++events;
    yaml_event_delete(&event);
    if (type == YAML_STREAM_END_EVENT) break;
  }
  yaml_parser_delete(&parser);
  free(text);
  ++files;
}

static void walk(const char* dir) {
  DIR* d = opendir(dir);
  if (!d) return;
  struct dirent* entry;
  char path[4096];
  while ((entry = readdir(d))) {
    if (entry->d_name[0] == '.') continue;
    snprintf(path, sizeof path, "%s/%s", dir, entry->d_name);
    if (entry->d_type == DT_DIR) {
      walk(path);
    } else {
      size_t n = strlen(path);
      if (n > 5 && strcmp(path + n - 5, ".yaml") == 0) parse_file(path);
    }
  }
  closedir(d);
}

int main(int argc, char** argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: libyaml_events DIR\n");
    return 2;
  }
  walk(argv[1]);
  printf("%ld events in %ld files\n", events, files);
  return 0;
}
