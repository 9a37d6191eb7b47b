"""Pictures drawn at build time, one module each: roadmap, sparklines, risk heat map, progress bars, badges.

Every picture returns markup (inline SVG or a small HTML snippet) that a page
embeds as is: no JavaScript, no CDN, no MkDocs.  Colours are never written
into the markup; elements carry CSS classes (``sb-status-*``, ``sb-heat-*``...)
that ``generator/assets/pictures.css`` maps onto CSS custom properties, so
Material's light/dark palette toggle restyles them.  :mod:`.svg` is the kit
they share; :mod:`.status` the one status vocabulary.
"""
