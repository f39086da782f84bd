"""The trainers' live workshop app (``jsdsim workshop``): a Solara page over the model.

Modules, from the data a page shows to the page itself:

- :mod:`model.app.levers`: the sliders (plain-language levers over a scenario's plan);
- :mod:`model.app.live_events`: the event buttons ("inject an event now");
- :mod:`model.app.session`: one trainer's session: one or two plans advancing together;
- :mod:`model.app.series`, :mod:`model.app.network_view`: what the plots and the network
  view show, computed from the running models;
- :mod:`model.app.charts`: ECharts figure options built from those;
- :mod:`model.app.components`, :mod:`model.app.page`: the Solara components and page;
- :mod:`model.app.server`: the offline server; the ``jsdsim workshop`` command that
  starts it is :mod:`model.cli.workshop`.

Importing this package (or :mod:`model.cli.workshop`) does not import Solara, so the
command line stays fast; only the page and the server need the ``app`` extra.
"""
